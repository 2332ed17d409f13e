import type { Generated, Insertable, JSONColumnType, Selectable } from 'kysely';

export interface AuditLogTable {
  id: Generated<number>;
  at: Date;
  /** Who did it: "token:12 (review feed)", "user:3", "cli", "system". */
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  details: JSONColumnType<Record<string, unknown>>;
}

export type AuditEntry = Selectable<AuditLogTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
