import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

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

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
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
