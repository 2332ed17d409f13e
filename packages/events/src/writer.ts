import type { Database } from '@aftercare/db';
import type { Kysely } from 'kysely';
import type { EventType } from './catalogue.js';
import type { AnyNewEvent, NewEvent } from './event.js';
import { validatePayload } from './parse.js';

/** Appends domain events in the caller's transaction (the transactional outbox). */
export interface EventWriter {
  /**
   * Validates the payload by the catalogue and records the event with the executor it is given; pass
   * the transaction that makes the change so both commit or neither. A `Transaction` is a `Kysely`.
   */
  append<T extends EventType>(executor: Kysely<Database>, event: NewEvent<T>): Promise<AppendedEvent>;
  /** Many events in one statement, in order (a batch intake writes thousands). */
  appendMany(executor: Kysely<Database>, events: readonly AnyNewEvent[]): Promise<void>;
}

export interface AppendedEvent {
  id: number;
  txid: string;
}

/**
 * Where the writer reads the time. The same shape as `Clock` in `@aftercare/runtime`, declared here
 * because runtime's `AppContext` depends on this package (a reference back would be a cycle).
 */
export interface EventClock {
  now(): Date;
}

/**
 * The real writer: validates the payload (a mismatch throws `EventSchemaError`: it is our bug, and an
 * invalid event must never reach consumers) and inserts it into `domain_events`.
 * @example
 * const events = createEventWriter(clock);
 * await db.transaction().execute(async (trx) => {
 *   await eraseCustomerRow(trx, id);
 *   await events.append(trx, { type: 'customer.erased@1', aggregateType: 'customer',
 *     aggregateId: 'cus_42', payload: { customerId: 'cus_42', externalRef: 'shop-7',
 *     erasedAt: clock.now().toISOString(), erasedBy: 'usr_3' } });
 * });
 */
export function createEventWriter(clock: EventClock): EventWriter {
  return {
    async append(executor, event) {
      const payload = validatePayload(event.type, event.payload);
      return executor
        .insertInto('domain_events')
        .values({
          type: event.type,
          aggregate_type: event.aggregateType,
          aggregate_id: event.aggregateId,
          payload: JSON.stringify(payload),
          occurred_at: clock.now(),
        })
        .returning(['id', 'txid'])
        .executeTakeFirstOrThrow();
    },
    async appendMany(executor, events) {
      if (events.length === 0) return;
      const occurredAt = clock.now();
      await executor
        .insertInto('domain_events')
        .values(
          events.map((event) => ({
            type: event.type,
            aggregate_type: event.aggregateType,
            aggregate_id: event.aggregateId,
            payload: JSON.stringify(validatePayload(event.type, event.payload)),
            occurred_at: occurredAt,
          })),
        )
        .execute();
    },
  };
}

export interface MemoryEventWriter extends EventWriter {
  /** Every event appended so far, in order, validated as the real writer would. */
  readonly appended: AnyNewEvent[];
}

/**
 * A test double that keeps appended events in memory (the executor is ignored), validating them
 * like the real writer so a test catches a bad payload.
 * @example
 * const events = createMemoryEventWriter();
 * await eraseCustomer({ ...ctx, events }, { id: 42 });
 * expect(events.appended).toMatchObject([{ type: 'customer.erased@1' }]);
 */
export function createMemoryEventWriter(): MemoryEventWriter {
  const appended: AnyNewEvent[] = [];
  return {
    appended,
    async append(_executor, event) {
      const payload = validatePayload(event.type, event.payload);
      // `event` is a NewEvent of its own `type`, which is one member of the union; TypeScript cannot
      // see that for a generic T (microsoft/TypeScript#30581).
      appended.push({ ...event, payload } as AnyNewEvent);
      return { id: appended.length, txid: String(appended.length) };
    },
    async appendMany(_executor, events) {
      for (const event of events) {
        appended.push({ ...event, payload: validatePayload(event.type, event.payload) } as AnyNewEvent);
      }
    },
  };
}
