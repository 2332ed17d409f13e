import type { DomainEvent } from '@aftercare/db';
import type { z } from 'zod';
import { EVENT_CATALOGUE, type EventPayload, type EventType, isEventType } from './catalogue.js';
import { describeIssues, EventSchemaError } from './errors.js';
import type { StoredEvent } from './event.js';

/**
 * Validates a payload against its type's schema and returns what the schema outputs.
 * Throws `EventSchemaError` for an unknown type or a payload the schema rejects.
 * @example validatePayload('customer.erased@1', payload).erasedBy
 */
export function validatePayload<T extends EventType>(type: T, payload: unknown): EventPayload<T>;
export function validatePayload(type: string, payload: unknown): unknown;
export function validatePayload(type: string, payload: unknown): unknown {
  if (!isEventType(type)) throw new EventSchemaError(type, ['unknown event type']);
  const schema: z.ZodType = EVENT_CATALOGUE[type];
  const result = schema.safeParse(payload);
  if (!result.success) throw new EventSchemaError(type, describeIssues(result.error));
  return result.data;
}

/**
 * Turns a `domain_events` row into a typed event, validated by the catalogue; throws
 * `EventSchemaError` for an unknown type or a payload its schema rejects.
 * @example
 * const event = parseEvent(row);
 * if (event.type === 'customer.erased@1') await dropCopies(event.payload.customerId);
 */
export function parseEvent(row: DomainEvent): StoredEvent {
  const payload = validatePayload(row.type, row.payload);
  // The payload was parsed by the schema `row.type` names, so they match; TypeScript cannot relate a
  // union key to its value (microsoft/TypeScript#30581), hence the one cast.
  return {
    id: row.id,
    txid: row.txid,
    type: row.type,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    payload,
    occurredAt: row.occurred_at,
  } as StoredEvent;
}
