import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import { ApiKeysService } from '../api-keys/api-keys.service';
import { Environment } from '../config/environment';
import { MAX_EVENTS_PER_REQUEST } from '../events/events.service';
import { JobLeaseService } from '../rollup/job-lease.service';
import { RollupResult, RollupService } from '../rollup/rollup.service';
import { Tenant } from '../tenants/entities/tenant.entity';
import { TenantsService } from '../tenants/tenants.service';
import { UsersService } from '../users/users.service';
import { DemoEventSender, IngestTotals } from './demo-event-sender';
import { DEMO_PASSWORDS, DemoTenantProfile } from './demo-tenants';
import { DemoTenantWorkload, DemoTotals, generateDemoWorkload } from './demo-workload';

const LEASE = 'demo-data';
const LEASE_TTL_MS = 10 * 60 * 1000;
/** Requests in flight per tenant; the three tenants post side by side. */
const REQUESTS_PER_TENANT = 2;

export interface DemoSeedOptions {
  /** Multiplies every volume. 1 yields about 245,000 events, and tests use far less. */
  scale?: number;
  seed?: number;
  /** Events per request, at most 1000. */
  batchSize?: number;
  /** Requests per second per API key; INGEST_RATE_LIMIT by default. */
  requestsPerSecond?: number;
}

export interface DemoTenantResult {
  tenantId: string;
  /** Time zone as the tenant stores it, which may be an older IANA name of the profile's zone. */
  timezone: string;
  profile: DemoTenantProfile;
  /** Totals that the workload generator computed for the events it posted. */
  expected: DemoTotals;
  /** Totals of the server's responses to those events. */
  ingested: IngestTotals;
}

export interface DemoSeedResult {
  tenants: DemoTenantResult[];
  rollup: RollupResult | null;
  durationMs: number;
}

/**
 * Creates the demo tenants, their users and 13 months of usage on an empty database. The events go
 * through the public ingestion API of the running server, as real agents send them.
 */
@Injectable()
export class DemoDataService {
  private readonly logger = new Logger(DemoDataService.name);

  constructor(
    private readonly tenantsService: TenantsService,
    private readonly usersService: UsersService,
    private readonly apiKeysService: ApiKeysService,
    private readonly rollupService: RollupService,
    private readonly leases: JobLeaseService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /**
   * Creates the demo data when the database has no tenant yet, posting the events to the server at
   * `baseUrl` (such as http://127.0.0.1:3000), then runs the rollup. Returns null and creates
   * nothing when a tenant exists or another instance is creating the demo data.
   */
  async seedIfEmpty(baseUrl: string, options: DemoSeedOptions = {}): Promise<DemoSeedResult | null> {
    if (!(await this.leases.acquire(LEASE, LEASE_TTL_MS))) {
      this.logger.log('Skipped the demo data because another instance is creating it');
      return null;
    }

    try {
      const tenants = await this.tenantsService.findAll();
      if (tenants.length > 0) {
        this.logger.log({ tenants: tenants.length }, 'Skipped the demo data because the database has tenants');
        return null;
      }
      return await this.seed(baseUrl, options);
    } finally {
      await this.leases.release(LEASE);
    }
  }

  private async seed(baseUrl: string, options: DemoSeedOptions): Promise<DemoSeedResult> {
    const startedAtMs = Date.now();
    const workload = generateDemoWorkload({
      nowMs: startedAtMs,
      retentionDays: this.config.get('RAW_RETENTION_DAYS', { infer: true }),
      scale: options.scale,
      seed: options.seed,
    });
    const events = workload.reduce((total, tenant) => total + tenant.events.length, 0);
    this.logger.log({ tenants: workload.length, events }, 'Creating the demo data');

    // NOTE: a failure after this point leaves part of the demo data behind, and the next start skips
    // it because tenants exist. Deleting the database and starting again recreates it in full.
    const created = [];
    for (const tenantWorkload of workload) {
      created.push({ tenantWorkload, ...(await this.createTenant(tenantWorkload.profile)) });
    }

    const tenants = await Promise.all(
      created.map(async ({ tenantWorkload, tenant, apiKey }) => ({
        tenantId: tenant.id,
        timezone: tenant.timezone,
        profile: tenantWorkload.profile,
        expected: tenantWorkload.expected,
        ingested: await this.postEvents(baseUrl, tenant.id, apiKey, tenantWorkload, options),
      })),
    );
    const rollup = await this.rollupService.run({ wait: true });

    const durationMs = Date.now() - startedAtMs;
    this.logger.log({ tenantIds: tenants.map((tenant) => tenant.tenantId), events, durationMs }, 'Created the demo data');
    return { tenants, rollup, durationMs };
  }

  /** Creates the tenant, its admin and member, and an API key for posting its events. */
  private async createTenant(profile: DemoTenantProfile): Promise<{ tenant: Tenant; apiKey: string }> {
    const tenant = await this.tenantsService.create({
      name: profile.name,
      timezone: profile.timezone,
      storageQuotaBytes: profile.storageQuotaBytes,
    });
    await this.usersService.create({ email: profile.adminEmail, password: DEMO_PASSWORDS.tenantAdmin, role: 'tenant_admin', tenantId: tenant.id });
    await this.usersService.create({ email: profile.memberEmail, password: DEMO_PASSWORDS.member, role: 'member', tenantId: tenant.id });
    const { key } = await this.apiKeysService.create(tenant.id, 'Demo data');
    return { tenant, apiKey: key };
  }

  /** Posts the tenant's events, the late ones after all others, and logs progress every quarter. */
  private async postEvents(
    baseUrl: string,
    tenantId: string,
    apiKey: string,
    workload: DemoTenantWorkload,
    options: DemoSeedOptions,
  ): Promise<IngestTotals> {
    const sender = new DemoEventSender({
      baseUrl,
      apiKey,
      tenantId,
      requestsPerSecond: options.requestsPerSecond ?? this.config.get('INGEST_RATE_LIMIT', { infer: true }),
      concurrency: REQUESTS_PER_TENANT,
      batchSize: Math.min(options.batchSize ?? MAX_EVENTS_PER_REQUEST, MAX_EVENTS_PER_REQUEST),
    });
    const total = workload.events.length;
    const onTimeCount = total - workload.lateEvents;
    let nextQuarter = 1;
    const logProgress = (posted: number) => {
      if (posted < (total * nextQuarter) / 4) return;
      nextQuarter = Math.floor((posted * 4) / total) + 1;
      this.logger.log({ tenantId, posted, total }, 'Posted demo events');
    };

    const onTime = await sender.send(workload.events.slice(0, onTimeCount), logProgress);
    const late = await sender.send(workload.events.slice(onTimeCount), (posted) => logProgress(onTimeCount + posted));

    const ingested: IngestTotals = {
      accepted: onTime.accepted + late.accepted,
      duplicates: onTime.duplicates + late.duplicates,
      rejected: onTime.rejected + late.rejected,
      warnings: onTime.warnings + late.warnings,
      retries: onTime.retries + late.retries,
    };
    this.logger.log({ tenantId, ...ingested }, 'Posted all demo events of a tenant');
    if (ingested.accepted !== workload.expected.acceptedEvents) {
      this.logger.warn(
        { tenantId, accepted: ingested.accepted, generated: workload.expected.acceptedEvents },
        'The server accepted a different number of demo events than were generated. See the rejections logged above',
      );
    }
    return ingested;
  }
}
