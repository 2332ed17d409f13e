/**
 * Reading domain events (the transactional outbox `@aftercare/events` writes): each consumer reads
 * the log from its own durable cursor in `event_cursors`.
 */
import type { Database } from '@aftercare/db';
import { type EventType, parseEvent, type StoredEvent } from '@aftercare/events';
import type { DbContext } from '@aftercare/runtime';
import { sql, type Transaction } from 'kysely';

export interface ConsumeOptions<T extends EventType = EventType> {
  /** The cursor's name; one per logical consumer, shared by all its replicas. */
  consumer: string;
  /** Only these event types reach the handler (the cursor passes the others); default all. */
  types?: readonly T[];
  /** Events read per transaction. Default 100. */
  batchSize?: number;
  /**
   * Handles a batch, parsed by the catalogue, in the transaction that advances the cursor: writes
   * made through `trx` commit with the advance or not at all. External effects (mail, HTTP) may
   * repeat after a crash, so they must be idempotent (delivery is at least once).
   */
  handler: (events: StoredEvent<T>[], trx: Transaction<Database>) => Promise<void>;
}

export interface ConsumeResult {
  /** Events the cursor moved past; 0 when none are ready or another replica holds the cursor. */
  read: number;
  /** Of those, the ones of the wanted types that went to the handler. */
  handled: number;
}

/**
 * Hands the next batch after the consumer's cursor to the handler and advances the cursor in the
 * same transaction. A handler error, or a wanted event that does not parse, rolls back and leaves
 * the cursor in place (at least once).
 * @example
 * await consumeEvents(ctx, { consumer: 'notifier.consent', types: ['customer.consent-changed@1'],
 *   handler: (events, trx) => recheckOutbox(trx, events.map((event) => event.payload.customerId)) });
 */
export async function consumeEvents<T extends EventType = EventType>(
  ctx: DbContext,
  options: ConsumeOptions<T>,
): Promise<ConsumeResult> {
  const { db, clock } = ctx;
  const { consumer } = options;
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
    const rows = await trx
      .selectFrom('domain_events')
      .selectAll()
      .where(sql<boolean>`(txid, id) > (${cursor.last_txid}::xid8, ${cursor.last_id}::bigint)`)
      .where(sql<boolean>`txid < pg_snapshot_xmin(pg_current_snapshot())`)
      .orderBy('txid')
      .orderBy('id')
      .limit(batchSize)
      .execute();
    const last = rows.at(-1);
    if (!last) return { read: 0, handled: 0 };

    // Types are filtered here, not in SQL, so the cursor also moves past events this consumer does
    // not want; otherwise each poll would rescan an ever longer run of them. Unwanted rows are not
    // parsed: a type this replica's catalogue does not know yet is no concern of this consumer.
    const types = options.types ? new Set<string>(options.types) : undefined;
    const isWanted = (event: { type: string }) => types === undefined || types.has(event.type);
    // The guard on parsed events only restates `isWanted` for TypeScript (it narrows to T).
    const isWantedEvent = (event: StoredEvent): event is StoredEvent<T> => isWanted(event);
    // A wanted event that fails to parse throws, failing the batch: it is retried with backoff and
    // logged, never skipped. Payloads were validated when written, so a failure here means writer and
    // reader run different catalogues (a deploy mismatch); skipping would lose the event for good.
    const wanted = rows.filter(isWanted).map(parseEvent).filter(isWantedEvent);
    if (wanted.length > 0) await options.handler(wanted, trx);
    await trx
      .updateTable('event_cursors')
      .set({ last_txid: last.txid, last_id: last.id, updated_at: clock.now() })
      .where('consumer', '=', consumer)
      .execute();
    return { read: rows.length, handled: wanted.length };
  });
}
