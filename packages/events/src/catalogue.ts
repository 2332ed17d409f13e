/**
 * Every domain event the product writes, one zod schema per versioned type (`customer.erased@1`),
 * grouped by the owner that emits it. A payload change that old readers cannot parse is a new
 * version (`@2`) beside the old one, never an edit of a landed schema.
 */
import type { z } from 'zod';
import { PLATFORM_EVENTS } from './catalogue/platform.js';
import { SCHEDULER_EVENTS } from './catalogue/scheduler.js';
import { WATCHER_EVENTS } from './catalogue/watcher.js';

export const EVENT_CATALOGUE = {
  ...PLATFORM_EVENTS,
  ...SCHEDULER_EVENTS,
  ...WATCHER_EVENTS,
} as const;

/** A versioned event name, e.g. `customer.erased@1`. */
export type EventType = keyof typeof EVENT_CATALOGUE;

/** The payload of one event type, as its schema outputs it. */
export type EventPayload<T extends EventType> = z.output<(typeof EVENT_CATALOGUE)[T]>;

/** True when `type` names an event of the catalogue. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOGUE, type);
}
