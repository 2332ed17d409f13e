import type { ApiTokensTable } from './api-tokens.js';
import type { AuditLogTable } from './audit-log.js';
import type { CustomersTable } from './customers.js';
import type { DomainEventsTable, EventCursorsTable } from './domain-events.js';
import type { OrdersTable } from './orders.js';
import type { PeriodicJobsTable } from './periodic-jobs.js';
import type { ProductsTable } from './products.js';
import type { UsersTable } from './users.js';

export type * from './api-tokens.js';
export type * from './audit-log.js';
export type * from './customers.js';
export type * from './domain-events.js';
export type * from './orders.js';
export type * from './periodic-jobs.js';
export type * from './products.js';
export type * from './users.js';

/** The platform's tables: reference data, people and tokens, the audit log, the jobs machinery. */
export interface PlatformTables {
  customers: CustomersTable;
  products: ProductsTable;
  orders: OrdersTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  domain_events: DomainEventsTable;
  event_cursors: EventCursorsTable;
  periodic_jobs: PeriodicJobsTable;
}
