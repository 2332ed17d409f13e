import { z } from 'zod';

import { customerId, instant } from './fields.js';

/** Events the platform (customers, consent, reference data) emits. */
export const PLATFORM_EVENTS = {
  /** A customer's personal data was erased; every service drops the copies it keeps. */
  'customer.erased@1': z.strictObject({
    customerId,
    /** The customer's id in the shop, so services keyed by it can drop their copies too. */
    externalRef: z.string().min(1),
    erasedAt: instant,
    /** The user (`usr_...`) or process that asked for the erasure. */
    erasedBy: z.string().min(1),
  }),
  /** A customer gave or withdrew consent for one channel; the notifier re-checks its outbox. */
  'customer.consent-changed@1': z.strictObject({
    customerId,
    channel: z.enum(['sms', 'email', 'call']),
    granted: z.boolean(),
    /** How it was given: "checkout-form", "care-call", "unsubscribe-link", ... */
    source: z.string().min(1),
    changedAt: instant,
  }),
} as const;
