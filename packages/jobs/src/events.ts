/**
 * Durable domain events (a transactional outbox): a change and the event describing it commit in one
 * transaction, and each consumer reads the log from its own cursor in `event_cursors`.
 */
import type { Database, DomainEvent } from '@aftercare/db';
import type { Clock } from '@aftercare/runtime';
import { type Kysely, sql, type Transaction } from 'kysely';

export interface NewEvent {
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/**
 * Records an event; call it with the transaction that makes the change, so both commit or neither.
 * @example
 * await db.transaction().execute(async (trx) => {
 *   await resolveComplaintRow(trx, id);
 *   await appendEvent(trx, { type: 'complaint.resolved', aggregateType: 'complaint',
 *     aggregateId: String(id), payload: { id } }, clock);
 * });
 */
export async function appendEvent(
  trx: Kysely<Database> | Transaction<Database>,
  event: NewEvent,
  clock: Clock,
): Promise<{ id: number; txid: string }> {
  return trx
    .insertInto('domain_events')
    .values({
      type: event.type,
      aggregate_type: event.aggregateType,
      aggregate_id: event.aggregateId,
      payload: JSON.stringify(event.payload),
      occurred_at: clock.now(),
    })
    .returning(['id', 'txid'])
    .executeTakeFirstOrThrow();
}

export interface ConsumeOptions {
  db: Kysely<Database>;
  /** The cursor's name; one per logical consumer, shared by all its replicas. */
  consumer: string;
  /** Only these event types reach the handler (the cursor passes the others); default all. */
  types?: readonly string[];
  /** Events read per transaction. Default 100. */
  batchSize?: number;
  clock: Clock;
  /**
   * Handles a batch in the transaction that advances the cursor: writes made through `trx` commit
   * with the advance or not at all. External effects (mail, HTTP) may repeat after a crash, so they
   * must be idempotent (delivery is at least once).
   */
  handler: (events: DomainEvent[], trx: Transaction<Database>) => Promise<void>;
}

export interface ConsumeResult {
  /** Events the cursor moved past; 0 when none are ready or another replica holds the cursor. */
  read: number;
  /** Of those, the ones of the wanted types that went to the handler. */
  handled: number;
}

/**
 * Hands the next batch after the consumer's cursor to the handler and advances the cursor in the
 * same transaction. A handler error rolls back and leaves the cursor in place (at least once).
 * @example
 * await consumeEvents({ db, consumer: 'notifier.alerts', types: ['risk.alert'], clock,
 *   handler: (events, trx) => queueOffers(trx, events) });
 */
export async function consumeEvents(options: ConsumeOptions): Promise<ConsumeResult> {
  const { db, consumer, clock } = options;
  const batchSize = options.batchSize ?? 100;
  await db
    .insertInto('event_cursors')
    .values({ consumer, last_txid: '0', last_id: 0, updated_at: clock.now() })
    .onConflict((conflict) => conflict.column('consumer').doNothing())
    .execute();

  return db.transaction().execute(async (trx) => {
    // The row lock keeps two replicas of one consumer from handling the same batch; the loser
    // skips this round instead of queueing behind the winner.
    const cursor = await trx
      .selectFrom('event_cursors')
      .select(['last_txid', 'last_id'])
      .where('consumer', '=', consumer)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!cursor) return { read: 0, handled: 0 };

    // Ids and txids are handed out when a transaction writes, not when it commits, so a reader that
    // passed an id could later see a smaller one appear (a transaction that commits late) and skip
    // it. Every transaction below the snapshot's xmin has finished, so nothing new can appear below
    // it: reading only there, in (txid, id) order, never skips. Any long transaction on the server
    // holds delivery back until it ends.
    const events = await trx
      .selectFrom('domain_events')
      .selectAll()
      .where(sql<boolean>`(txid, id) > (${cursor.last_txid}::xid8, ${cursor.last_id}::bigint)`)
      .where(sql<boolean>`txid < pg_snapshot_xmin(pg_current_snapshot())`)
      .orderBy('txid')
      .orderBy('id')
      .limit(batchSize)
      .execute();
    const last = events.at(-1);
    if (!last) return { read: 0, handled: 0 };

    // Types are filtered here, not in SQL, so the cursor also moves past events this consumer does
    // not want; otherwise each poll would rescan an ever longer run of them.
    const types = options.types;
    const wanted = types ? events.filter((event) => types.includes(event.type)) : events;
    if (wanted.length > 0) await options.handler(wanted, trx);
    await trx
      .updateTable('event_cursors')
      .set({ last_txid: last.txid, last_id: last.id, updated_at: clock.now() })
      .where('consumer', '=', consumer)
      .execute();
    return { read: events.length, handled: wanted.length };
  });
}
