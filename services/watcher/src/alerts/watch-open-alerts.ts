import type { AppContext } from '@aftercare/runtime';
import { type EvaluateContext, evaluateCells, qualityRule } from '../riskmap/evaluate-cells.js';
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
  for (let start = 0; start < alerting.length; start += 500) {
    options.signal?.throwIfAborted();
    const cells = alerting.slice(start, start + 500).map((d) => ({ ...d, window_start: hourStart }));
    await evaluateCells(ctx, cells);
  }
  const closedQuality = await ctx.db
    .transaction()
    .execute((trx) => closeQuietQualityAlerts(trx, ctx, qualityRule(ctx)));
  return { stepped: alerting.length, closedQuality };
}
