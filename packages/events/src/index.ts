// Exports in module order (Biome sorts them); each line says what the module gives.

/** The complaint vocabulary the scheduler's events carry (categories, channels, clock kinds). */
export { CLOCK_KINDS, COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS } from './catalogue/scheduler.js';
export { RISK_ALERT_KINDS } from './catalogue/watcher.js';
/** One zod schema per versioned event type, and the types derived from it. */
export { EVENT_CATALOGUE, type EventPayload, type EventType, isEventType } from './catalogue.js';
/** A catalogue mismatch: unknown type or a payload its schema rejects. */
export { EventSchemaError } from './errors.js';
/** The shapes of an event to append and of one read back. */
export type { AnyNewEvent, NewEvent, StoredEvent } from './event.js';
/** Reading: a `domain_events` row to a typed, validated event. */
export { parseEvent, validatePayload } from './parse.js';
/** Writing, in the caller's transaction: the real writer and an in-memory double. */
export {
  type AppendedEvent,
  createEventWriter,
  createMemoryEventWriter,
  type EventClock,
  type EventWriter,
  type MemoryEventWriter,
} from './writer.js';
