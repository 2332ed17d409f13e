import type { Generated, Insertable, JSONColumnType, Selectable } from 'kysely';

export interface DomainEventsTable {
  id: Generated<number>;
  /**
   * The writing transaction's id (xid8, as text). Consumers read in (txid, id) order and only below
   * the oldest running transaction, so an event committed late is never skipped.
   */
  txid: Generated<string>;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: JSONColumnType<Record<string, unknown>>;
  occurred_at: Date;
}

export interface EventCursorsTable {
  consumer: string;
  last_txid: string;
  last_id: number;
  updated_at: Date;
}

export type DomainEvent = Selectable<DomainEventsTable>;
export type NewDomainEvent = Insertable<DomainEventsTable>;
