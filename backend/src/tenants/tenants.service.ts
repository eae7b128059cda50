import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, MoreThan, Repository } from 'typeorm';

import { canonicalTimezone } from '../common/timezone';
import { Environment } from '../config/environment';
import { chunk, rowPlaceholders, Statement, UnionRow } from '../database/sql';
import { DAY_MS, localDateOf, utcDaysBetween } from '../rollup/calendar';
import { CreateTenantDto } from './dto/create-tenant.dto';
import { UpdateTenantDto } from './dto/update-tenant.dto';
import { Tenant } from './entities/tenant.entity';

@Injectable()
export class TenantsService {
  private readonly logger = new Logger(TenantsService.name);
  private readonly knownTenantIds = new Set<string>();

  constructor(
    @InjectRepository(Tenant) private readonly tenants: Repository<Tenant>,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  findAll(): Promise<Tenant[]> {
    return this.tenants.find({ order: { name: 'ASC' } });
  }

  /**
   * Returns up to `limit` tenants ordered by name, then id, starting after `after`: keyset pages that
   * stay cheap at any depth. Names compare in the database's collation.
   */
  listPage(after: Pick<Tenant, 'name' | 'id'> | undefined, limit: number): Promise<Tenant[]> {
    return this.tenants.find({
      where: after ? [{ name: MoreThan(after.name) }, { name: after.name, id: MoreThan(after.id) }] : {},
      order: { name: 'ASC', id: 'ASC' },
      take: limit,
    });
  }

  /** Returns the tenant, or throws 404 with the same message whether it is missing or not the caller's. */
  async findOne(tenantId: string): Promise<Tenant> {
    const tenant = await this.tenants.findOneBy({ id: tenantId });
    if (!tenant) {
      throw new TenantNotFoundException(tenantId);
    }
    return tenant;
  }

  /** Returns the SELECT of a combined read that selects the tenant's time zone and storage quota. */
  settingsSelect(tenantId: string): Statement {
    return {
      sql: `SELECT 'tenant' AS source, timezone AS name, '' AS detail, storage_quota_bytes AS value FROM tenants WHERE id = ?`,
      parameters: [tenantId],
    };
  }

  /** Returns the settings that `settingsSelect` read, or throws 404 when the tenant does not exist. */
  settingsOf(tenantId: string, rows: UnionRow[]): Pick<Tenant, 'timezone' | 'storageQuotaBytes'> {
    const row = rows.find((candidate) => candidate.source === 'tenant');
    if (!row) {
      throw new TenantNotFoundException(tenantId);
    }
    return { timezone: row.name, storageQuotaBytes: Number(row.value) };
  }

  /** Tells whether the tenant exists. Tenants are never deleted, so one found once is not looked up again. */
  async exists(tenantId: string): Promise<boolean> {
    if (this.knownTenantIds.has(tenantId)) return true;
    const found = await this.tenants.existsBy({ id: tenantId });
    if (found) this.knownTenantIds.add(tenantId);
    return found;
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
    const timezone = changes.timezone === undefined ? tenant.timezone : (canonicalTimezone(changes.timezone) as string);
    const timezoneChanged = timezone !== tenant.timezone;
    tenant.timezone = timezone;
    if (changes.storageQuotaBytes !== undefined) tenant.storageQuotaBytes = changes.storageQuotaBytes;

    await this.tenants.manager.transaction(async (manager) => {
      await manager.save(tenant);
      if (timezoneChanged) {
        await this.markRetainedHistory(manager, tenantId, timezone);
      }
    });
    this.logger.log({ tenantId, fields: Object.keys(changes), timezoneChanged }, 'Updated tenant');
    return this.findOne(tenantId);
  }

  /**
   * Marks every UTC day whose raw events are still kept, so that the rollup re-buckets them in the
   * new time zone. Older days keep the snapshots they have.
   */
  private async markRetainedHistory(manager: EntityManager, tenantId: string, timezone: string): Promise<void> {
    const nowMs = Date.now();
    const fromMs = nowMs - this.config.get('RAW_RETENTION_DAYS', { infer: true }) * DAY_MS;
    // Tomorrow's UTC day too, for events up to 5 minutes ahead of the clock.
    const days = utcDaysBetween(fromMs, nowMs + DAY_MS);
    for (const group of chunk(days, 500)) {
      await manager.query(
        `INSERT INTO rollup_markers (tenant_id, utc_day) VALUES ${rowPlaceholders(group.length, 2)}`,
        group.flatMap((day) => [tenantId, day]),
      );
    }

    // The old zone may be up to two days ahead of the new one (Pacific/Kiritimati to
    // Pacific/Pago_Pago), and the rollup rewrites only the days of the new zone, so snapshots dated
    // after the new zone's today would stay. Any of them that still hold events are rebuilt from the
    // markers above.
    const today = localDateOf(nowMs, timezone);
    const month = today.slice(0, 7);
    await manager.query('DELETE FROM usage_daily WHERE tenant_id = ? AND day > ?', [tenantId, today]);
    await manager.query('DELETE FROM storage_daily WHERE tenant_id = ? AND day > ?', [tenantId, today]);
    await manager.query('DELETE FROM usage_monthly WHERE tenant_id = ? AND month > ?', [tenantId, month]);
    await manager.query('DELETE FROM geo_monthly WHERE tenant_id = ? AND month > ?', [tenantId, month]);
  }
}

export class TenantNotFoundException extends NotFoundException {
  constructor(tenantId: string) {
    super(`Tenant ${tenantId} not found`);
  }
}
