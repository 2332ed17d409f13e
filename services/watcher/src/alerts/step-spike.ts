import type { Database } from '@aftercare/db';
import {
  initialDetectorState,
  parseDetectorState,
  type SpikePresetName,
  stepDetector,
} from '@aftercare/risk';
import type { Transaction } from 'kysely';
import { spikeFacts } from './spike-evidence.js';
import {
  type AlertProduct,
  type AlertWriteContext,
  closeAlert,
  liveAlertId,
  openAlert,
  updateAlert,
} from './write-alert.js';

export interface SpikeStep {
  product: AlertProduct;
  /** '' when the region is not known. */
  region: string;
  hourStart: Date;
  /** Negative mentions in that hour so far. */
  negative: number;
  /** `estimateBaseline(...).detectorRatePerHour` of the cell. */
  baselineRatePerHour: number;
  /** The hour cell's risk, for the alert. */
  risk: number;
}

/**
 * Steps a product and region's spike detector (`@aftercare/risk`, a Poisson CUSUM with a one-hour
 * tail test) by an hour's negative count, and opens, updates or closes its alert. The detector's row
 * is locked for the step, so the processes that evaluate one cell at once take turns and the state
 * never forks: one spike, one alert.
 */
export async function stepSpike(
  trx: Transaction<Database>,
  ctx: AlertWriteContext,
  sensitivity: SpikePresetName,
  step: SpikeStep,
): Promise<void> {
  const key = { product_id: step.product.id, region: step.region };
  await trx
    .insertInto('risk_detectors')
    .values({ ...key, state: JSON.stringify(initialDetectorState()), updated_at: ctx.clock.now() })
    .onConflict((conflict) => conflict.columns(['product_id', 'region']).doNothing())
    .execute();
  const stored = await trx
    .selectFrom('risk_detectors')
    .select(['state', 'alert_id'])
    .where('product_id', '=', key.product_id)
    .where('region', '=', key.region)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const { state, event, evidence } = stepDetector(
    parseDetectorState(stored.state),
    { hourStart: step.hourStart, negative: step.negative, baselineRatePerHour: step.baselineRatePerHour },
    sensitivity,
  );
  if (!evidence) return; // an hour older than the detector's: history, not news
  let alertId = stored.alert_id;
  if (event === 'close' && alertId !== null) {
    await closeAlert(trx, ctx, alertId, step.product);
    alertId = null;
  }
  if (event === 'open') {
    const facts = await spikeFacts(trx, step, evidence, step.risk);
    const alert = { kind: 'spike' as const, product: step.product, region: step.region };
    // Null when an alert is still live there (the detector's row was lost or reset): carry on with it.
    alertId = (await openAlert(trx, ctx, { ...alert, ...facts })) ?? (await liveAlertId(trx, alert));
  } else if (event === 'update' && alertId !== null) {
    const facts = await spikeFacts(trx, step, evidence, step.risk);
    await updateAlert(trx, ctx, alertId, step.product, facts);
  }
  await trx
    .updateTable('risk_detectors')
    .set({ state: JSON.stringify(state), alert_id: alertId, updated_at: ctx.clock.now() })
    .where('product_id', '=', key.product_id)
    .where('region', '=', key.region)
    .execute();
}
