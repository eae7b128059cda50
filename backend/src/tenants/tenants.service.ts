import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { canonicalTimezone } from '../common/timezone';
import { CreateTenantDto } from './dto/create-tenant.dto';
import { UpdateTenantDto } from './dto/update-tenant.dto';
import { Tenant } from './entities/tenant.entity';

@Injectable()
export class TenantsService {
  private readonly logger = new Logger(TenantsService.name);

  constructor(@InjectRepository(Tenant) private readonly tenants: Repository<Tenant>) {}

  findAll(): Promise<Tenant[]> {
    return this.tenants.find({ order: { name: 'ASC' } });
  }

  /** Returns the tenant, or throws 404 with the same message whether it is missing or not the caller's. */
  async findOne(tenantId: string): Promise<Tenant> {
    const tenant = await this.tenants.findOneBy({ id: tenantId });
    if (!tenant) {
      throw new TenantNotFoundException(tenantId);
    }
    return tenant;
  }

  async exists(tenantId: string): Promise<boolean> {
    return this.tenants.existsBy({ id: tenantId });
  }

  async create(input: CreateTenantDto): Promise<Tenant> {
    const tenant = this.tenants.create({
      name: input.name.trim(),
      timezone: canonicalTimezone(input.timezone ?? 'UTC'),
      storageQuotaBytes: input.storageQuotaBytes,
    });
    const saved = await this.tenants.save(tenant);
    this.logger.log({ tenantId: saved.id }, 'Created tenant');
    return this.findOne(saved.id);
  }

  async update(tenantId: string, changes: UpdateTenantDto): Promise<Tenant> {
    const tenant = await this.findOne(tenantId);
    if (changes.name !== undefined) tenant.name = changes.name.trim();
    if (changes.timezone !== undefined) tenant.timezone = canonicalTimezone(changes.timezone) as string;
    if (changes.storageQuotaBytes !== undefined) tenant.storageQuotaBytes = changes.storageQuotaBytes;

    await this.tenants.save(tenant);
    this.logger.log({ tenantId, fields: Object.keys(changes) }, 'Updated tenant');
    return this.findOne(tenantId);
  }
}

export class TenantNotFoundException extends NotFoundException {
  constructor(tenantId: string) {
    super(`Tenant ${tenantId} not found`);
  }
}
