export { type AuditEntry, writeAudit } from './audit.js';
export { isDatabaseUnavailable } from './availability.js';
export {
  type DatabaseEngine,
  type DatabaseHandle,
  type DatabaseKind,
  type DatabaseOptions,
  openDatabase,
} from './connect.js';
export { DataDirLockedError } from './data-dir-lock.js';
export { MigrationError, migrateToLatest, pendingMigrations } from './migrate.js';
export type * from './schema/index.js';
