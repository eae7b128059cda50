import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';

const USER = { id: 'u1', email: 'ada@acme.test', role: 'member' as const, tenantId: 't1', createdAt: '2026-01-01T00:00:00Z' };

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let auth: AuthService;
  let router: Router;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    router = TestBed.inject(Router);

    const login = auth.login('ada@acme.test', 'secret');
    backend.expectOne('/api/v1/auth/login').flush({ accessToken: 'token-1', tokenType: 'Bearer', expiresIn: 3600, user: USER });
    await login;
  });

  afterEach(() => backend.verify());

  it('sends the bearer token to the API', () => {
    void firstValueFrom(http.get('/api/v1/auth/me'));

    expect(backend.expectOne('/api/v1/auth/me').request.headers.get('Authorization')).toBe('Bearer token-1');
  });

  it('sends no token to other hosts', () => {
    void firstValueFrom(http.get('https://example.test/api/x')).catch(() => undefined);

    expect(backend.expectOne('https://example.test/api/x').request.headers.has('Authorization')).toBe(false);
  });

  it('signs out on a 401 and returns afterwards', async () => {
    const navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
    jest.spyOn(router, 'url', 'get').mockReturnValue('/usage/words/2026-03');

    const call = firstValueFrom(http.get('/api/v1/tenants/t1/usage/summary'));
    backend.expectOne('/api/v1/tenants/t1/usage/summary').flush({ message: 'Unauthorized' }, { status: 401, statusText: 'Unauthorized' });

    await expect(call).rejects.toMatchObject({ status: 401 });
    expect(auth.token()).toBeNull();
    expect(localStorage.getItem('beyondask.session')).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { returnUrl: '/usage/words/2026-03' } });
  });

  it('keeps the session on other errors', async () => {
    const call = firstValueFrom(http.get('/api/v1/tenants/t1/storage'));
    backend.expectOne('/api/v1/tenants/t1/storage').flush({}, { status: 500, statusText: 'Server Error' });

    await expect(call).rejects.toMatchObject({ status: 500 });
    expect(auth.token()).toBe('token-1');
  });
});
