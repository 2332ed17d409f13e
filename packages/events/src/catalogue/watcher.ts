import { z } from 'zod';

import { instant } from './fields.js';

export const RISK_ALERT_KINDS = ['spike', 'quality'] as const;

/** What every alert event says: enough for a consumer to act (offers, care calls) without a read. */
const riskAlertMoment = z.strictObject({
  alertId: z.string().regex(/^alr_\d+$/, { error: 'expected an alert id like alr_42' }),
  kind: z.enum(RISK_ALERT_KINDS),
  sku: z.string(),
  /** The region ('' never: null when the mentions named none). */
  region: z.string().nullable(),
  /** The product's category. */
  category: z.string(),
  /** The cell's risk, 0 to 100, when the event was written. */
  risk: z.number().min(0).max(100),
  openedAt: instant,
  /** The sentence that explains it. */
  reason: z.string(),
});

/** Events the watcher (the risk map's alerts) emits. */
export const WATCHER_EVENTS = {
  /** A spike or a run of customers' complaints opened an alert for a product in a region. */
  'risk_alert.opened@1': riskAlertMoment,
  /** An open alert grew (more negative mentions, more customers). */
  'risk_alert.updated@1': riskAlertMoment,
  /** The cell calmed down (or the complaints stopped) and the alert closed. */
  'risk_alert.closed@1': riskAlertMoment.extend({ closedAt: instant }),
} as const;
