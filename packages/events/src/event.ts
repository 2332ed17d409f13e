import type { EventPayload, EventType } from './catalogue.js';

/** An event to append: what changed (`type`), on which aggregate, and the typed payload. */
export interface NewEvent<T extends EventType = EventType> {
  type: T;
  aggregateType: string;
  aggregateId: string;
  payload: EventPayload<T>;
}

/** Any new event, as a union a `switch (event.type)` narrows. */
export type AnyNewEvent = { [K in EventType]: NewEvent<K> }[EventType];

interface StoredEventOf<T extends EventType> {
  id: number;
  /** The writing transaction's id (xid8 as text); consumers read in (txid, id) order. */
  txid: string;
  type: T;
  aggregateType: string;
  aggregateId: string;
  payload: EventPayload<T>;
  occurredAt: Date;
}

/**
 * An event read back and parsed by its schema. `StoredEvent<'a' | 'b'>` is a union a
 * `switch (event.type)` narrows to each payload.
 */
export type StoredEvent<T extends EventType = EventType> = Extract<
  { [K in EventType]: StoredEventOf<K> }[EventType],
  { type: T }
>;
