import type { AppContext } from '@aftercare/runtime';
import { type EvaluateContext, evaluateCell, qualityRule } from '../riskmap/evaluate-cell.js';
import { closeQuietQualityAlerts } from './quality.js';

const HOUR = 3_600_000;

/**
 * The periodic look at open alerts: a spike detector is stepped only when mentions arrive, so a
 * cell that went quiet would never close; this steps each detector with an open alert by the
 * current hour's count (zero when nothing came), and closes quality alerts with no complaint for a
 * whole window. Idempotent: stepping the same hour twice changes nothing.
 */
export async function watchOpenAlerts(
  ctx: EvaluateContext & Pick<AppContext, 'logger'>,
  options: { now: Date; signal?: AbortSignal },
): Promise<{ stepped: number; closedQuality: number }> {
  const hourStart = new Date(Math.floor(options.now.getTime() / HOUR) * HOUR);
  const alerting = await ctx.db
    .selectFrom('risk_detectors')
    .select(['product_id', 'region'])
    .where('alert_id', 'is not', null)
    .execute();
  for (const detector of alerting) {
    options.signal?.throwIfAborted();
    await evaluateCell(ctx, { ...detector, window_start: hourStart });
  }
  const closedQuality = await ctx.db
    .transaction()
    .execute((trx) => closeQuietQualityAlerts(trx, ctx, qualityRule(ctx)));
  return { stepped: alerting.length, closedQuality };
}
