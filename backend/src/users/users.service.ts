import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { AuthenticatedUser } from '../auth/authenticated';
import { hashPassword } from '../auth/passwords';
import { isUniqueViolation } from '../database/unique-violation';
import { Role, User } from './entities/user.entity';

export interface NewUser {
  email: string;
  password: string;
  role: Role;
  tenantId: string | null;
}

/** Lower-cases and trims an email, the form in which it is stored and looked up. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** How long a signed-in user is trusted without asking the database. */
export const USER_CACHE_TTL_MS = 5000;
const USER_CACHE_MAX_ENTRIES = 10_000;

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);
  /** Users found by id. Unknown ids are not cached, so that a new user works at once everywhere. */
  private readonly authenticated = new Map<string, { user: AuthenticatedUser; expiresAtMs: number }>();

  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /**
   * Returns the role and tenant of a signed-in user, or null for an unknown id. Found users are
   * cached for USER_CACHE_TTL_MS, because every authenticated request looks its user up. The API neither changes
   * nor deletes users; a change made in the database takes effect within that time.
   */
  async findAuthenticated(id: string): Promise<AuthenticatedUser | null> {
    const nowMs = Date.now();
    const cached = this.authenticated.get(id);
    if (cached && cached.expiresAtMs > nowMs) {
      return cached.user;
    }

    const user = await this.findById(id);
    if (!user) {
      this.authenticated.delete(id);
      return null;
    }

    const found = { id: user.id, email: user.email, role: user.role, tenantId: user.tenantId };
    if (this.authenticated.size >= USER_CACHE_MAX_ENTRIES) {
      // Maps iterate in insertion order, so this drops the oldest entry.
      this.authenticated.delete(this.authenticated.keys().next().value as string);
    }
    this.authenticated.set(id, { user: found, expiresAtMs: nowMs + USER_CACHE_TTL_MS });
    return found;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: normalizeEmail(email) });
  }

  findByTenant(tenantId: string): Promise<User[]> {
    return this.users.find({ where: { tenantId }, order: { email: 'ASC' } });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  /** Creates a user; an email that exists already, in any letter case, is a 409. */
  async create(input: NewUser): Promise<User> {
    const email = normalizeEmail(input.email);
    const user = this.users.create({
      email,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      tenantId: input.tenantId,
    });

    try {
      await this.users.insert(user);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictException(`A user with email ${email} already exists; choose another email`);
      }
      throw error;
    }

    this.logger.log({ userId: user.id, tenantId: user.tenantId, role: user.role }, 'Created user');
    return (await this.findById(user.id)) as User;
  }
}
