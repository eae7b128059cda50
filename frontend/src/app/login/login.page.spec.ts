import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';

import { LoginPage } from './login.page';

const USER = { id: 'u1', email: 'ada@acme.test', role: 'tenant_admin' as const, tenantId: 't1', createdAt: '2026-01-01T00:00:00Z' };

describe('LoginPage', () => {
  let fixture: ComponentFixture<LoginPage>;
  let backend: HttpTestingController;
  let navigate: jest.SpyInstance;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [LoginPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(LoginPage);
  });

  afterEach(() => backend.verify());

  function element(): HTMLElement {
    return fixture.nativeElement as HTMLElement;
  }

  /** Lets the sign-in promise chain finish after a flushed response. */
  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  async function submit(email: string, password: string): Promise<void> {
    fixture.detectChanges();
    const [emailInput, passwordInput] = Array.from(element().querySelectorAll('input'));
    emailInput.value = email;
    emailInput.dispatchEvent(new Event('input'));
    passwordInput.value = password;
    passwordInput.dispatchEvent(new Event('input'));
    element().querySelector('form')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  it('returns to the requested page', async () => {
    fixture.componentRef.setInput('returnUrl', '/usage/words/2026-03');

    await submit('ada@acme.test', 'right-password');
    backend.expectOne('/api/v1/auth/login').flush({ accessToken: 't', tokenType: 'Bearer', expiresIn: 3600, user: USER });
    await settle();

    expect(navigate).toHaveBeenCalledWith('/usage/words/2026-03');
  });

  it('ignores a return URL to another site', async () => {
    fixture.componentRef.setInput('returnUrl', '//evil.test/phish');

    await submit('ada@acme.test', 'right-password');
    backend.expectOne('/api/v1/auth/login').flush({ accessToken: 't', tokenType: 'Bearer', expiresIn: 3600, user: USER });
    await settle();

    expect(navigate).toHaveBeenCalledWith('/dashboard');
  });

  it('says so when the password is wrong', async () => {
    await submit('ada@acme.test', 'wrong');
    backend.expectOne('/api/v1/auth/login').flush({ message: 'Invalid email or password' }, { status: 401, statusText: 'Unauthorized' });
    await settle();

    expect(element().querySelector('[data-testid="login-error"]')?.textContent).toContain('Wrong email or password.');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('says how long to wait after too many attempts', async () => {
    await submit('ada@acme.test', 'right-password');
    backend
      .expectOne('/api/v1/auth/login')
      .flush({ message: 'Too Many Requests' }, { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '878' } });
    await settle();

    expect(element().querySelector('[data-testid="login-error"]')?.textContent).toContain('Too many sign-in attempts. Try again in 15 minutes.');
  });

  it('does not send an incomplete form', async () => {
    await submit('not-an-email', '');

    backend.expectNone('/api/v1/auth/login');
  });
});
