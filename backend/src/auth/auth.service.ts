import { Injectable } from '@nestjs/common';

// TODO: login, JWT and API-key authentication, role and tenant-scope guards.
@Injectable()
export class AuthService {}
