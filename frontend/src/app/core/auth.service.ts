import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { API, LoginResponse, User } from '../api/models';

/** A signed-in user with the access token and the instant it expires (epoch milliseconds). */
export interface Session {
  accessToken: string;
  expiresAt: number;
  user: User;
}

const STORAGE_KEY = 'beyondask.session';

/** Keeps the signed-in session in localStorage, so that a reload or a second tab stays signed in. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);

  private readonly current = signal<Session | null>(readStoredSession());

  readonly session = this.current.asReadonly();
  readonly user = computed(() => this.current()?.user ?? null);
  readonly isPlatformAdmin = computed(() => this.user()?.role === 'platform_admin');
  readonly canAdminister = computed(() => this.user()?.role === 'platform_admin' || this.user()?.role === 'tenant_admin');

  /** Returns the access token while it is valid, else null. */
  token(): string | null {
    const session = this.current();
    if (!session || session.expiresAt <= Date.now()) return null;
    return session.accessToken;
  }

  async login(email: string, password: string): Promise<User> {
    const response = await firstValueFrom(this.http.post<LoginResponse>(`${API}/auth/login`, { email, password }));
    const session: Session = {
      accessToken: response.accessToken,
      expiresAt: Date.now() + response.expiresIn * 1000,
      user: response.user,
    };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.current.set(session);
    return response.user;
  }

  logout(): void {
    this.clear();
    void this.router.navigate(['/login']);
  }

  /** Ends a session the API no longer accepts and sends the user to login, then back to `returnUrl`. */
  expire(returnUrl: string): void {
    this.clear();
    void this.router.navigate(['/login'], { queryParams: { returnUrl } });
  }

  private clear(): void {
    localStorage.removeItem(STORAGE_KEY);
    this.current.set(null);
  }
}

function readStoredSession(): Session | null {
  try {
    const session = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    return session && session.expiresAt > Date.now() ? session : null;
  } catch {
    // A hand-edited or old-format entry is treated as signed out.
    return null;
  }
}
