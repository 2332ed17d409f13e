import type { ComplaintCategory } from '@aftercare/db';

/**
 * The team a complaint goes to when the caller names none. False advertising is a service matter
 * (the shop's own promise); what fits nowhere goes to the general desk.
 */
export const DEFAULT_ROUTING: Record<ComplaintCategory, string> = {
  quality: 'quality',
  logistics: 'logistics',
  service: 'service',
  advertising: 'service',
  other: 'general',
};
