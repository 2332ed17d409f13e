import type { Kysely } from 'kysely';
import type { Database } from './schema/index.js';

/** One entry of the audit log: who did what to which record, with the details that matter. */
export interface AuditEntry {
  at: Date;
  /** "token:12", "cli", "demo": the principal's actor. */
  actor: string;
  /** `<entity>.<verb>`, e.g. `team.put`, `staff.created`. */
  action: string;
  entity: string;
  entityId: string | null;
  details: unknown;
}

/**
 * Records an entry in the audit log, in the caller's transaction (so it exists exactly when the
 * change does).
 * @example await writeAudit(trx, { at: now, actor, action: 'team.put', entity: 'team', entityId: 'quality', details: team });
 */
export async function writeAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      details: JSON.stringify(entry.details),
    })
    .execute();
}
