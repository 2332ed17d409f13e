import type { Database } from '@aftercare/db';
import {
  type DetectorEvidence,
  type DetectorState,
  initialDetectorState,
  parseDetectorState,
  type SpikePresetName,
  stepDetector,
} from '@aftercare/risk';
import { sql, type Transaction } from 'kysely';
import { spikeFacts } from './spike-evidence.js';
import {
  type AlertProduct,
  type AlertWriteContext,
  closeAlert,
  liveAlertId,
  openAlert,
  updateAlert,
} from './write-alert.js';

/** A live hour cell to step its product and region's detector by. */
export interface SpikeCell {
  product: AlertProduct;
  /** '' when the region is not known. */
  region: string;
  hourStart: Date;
  /** `estimateBaseline(...).detectorRatePerHour` of the cell. */
  baselineRatePerHour: number;
  /** The cell's risk (hour or day, the higher), for the alert. */
  risk: number;
}

interface Detector {
  key: string;
  productId: number;
  region: string;
  state: DetectorState;
  alertId: number | null;
  stepped: boolean;
}

const keyOf = (productId: number, region: string) => `${productId}\u0000${region}`;

/**
 * Steps the spike detectors (`@aftercare/risk`, a Poisson CUSUM with a one-hour tail test) of live
 * hour cells by each hour's negative count so far, and opens, updates or closes their alerts. The
 * detectors' rows are locked for the step, in one order, so processes that evaluate the same cells
 * take turns and a state never forks: one spike, one alert. The counts are read after the lock, so
 * a process that read a cell earlier never steps it back down. A cell with no negative mention and
 * no detector yet needs no step (hours never stepped count as zero).
 */
export async function stepSpikes(
  trx: Transaction<Database>,
  ctx: AlertWriteContext,
  sensitivity: SpikePresetName,
  cells: readonly SpikeCell[],
): Promise<void> {
  const pairs = [...new Map(cells.map((c) => [keyOf(c.product.id, c.region), c])).values()];
  const productIds = pairs.map((c) => c.product.id);
  const regions = pairs.map((c) => c.region);
  const now = ctx.clock.now();
  // A detector starts with its cell's first negative mention in a live hour.
  await sql`
    insert into risk_detectors (product_id, region, state, updated_at)
    select p.product_id, p.region, ${JSON.stringify(initialDetectorState())}::jsonb, ${now}::timestamptz
    from unnest(${productIds}::bigint[], ${regions}::text[]) as p(product_id, region)
    where exists (
      select 1 from risk_cells h
      where h.granularity = 'hour' and h.product_id = p.product_id and h.region = p.region
        and h.window_start = any(${cells.map((c) => c.hourStart)}::timestamptz[]) and h.negative > 0)
    order by p.product_id, p.region
    on conflict (product_id, region) do nothing`.execute(trx);
  const { rows: locked } = await sql<{
    product_id: string;
    region: string;
    state: unknown;
    alert_id: string | null;
  }>`
    select d.product_id, d.region, d.state, d.alert_id
    from risk_detectors d
    join unnest(${productIds}::bigint[], ${regions}::text[]) as p(product_id, region) using (product_id, region)
    order by d.product_id, d.region
    for update of d`.execute(trx);
  if (locked.length === 0) return;
  const detectors = new Map<string, Detector>(
    locked.map((row) => {
      const key = keyOf(Number(row.product_id), row.region);
      const detector: Detector = {
        key,
        productId: Number(row.product_id),
        region: row.region,
        state: parseDetectorState(row.state),
        alertId: row.alert_id === null ? null : Number(row.alert_id),
        stepped: false,
      };
      return [key, detector];
    }),
  );
  const stepping = cells
    .filter((c) => detectors.has(keyOf(c.product.id, c.region)))
    .sort((a, b) => a.hourStart.getTime() - b.hourStart.getTime());
  const negatives = await hourNegatives(trx, stepping);

  for (const cell of stepping) {
    const detector = detectors.get(keyOf(cell.product.id, cell.region))!;
    const { state, event, evidence } = stepDetector(
      detector.state,
      {
        hourStart: cell.hourStart,
        negative: negatives.get(`${detector.key}\u0000${cell.hourStart.getTime()}`) ?? 0,
        baselineRatePerHour: cell.baselineRatePerHour,
      },
      sensitivity,
    );
    if (!evidence) continue; // an hour older than the detector's: history, not news
    detector.state = state;
    detector.stepped = true;
    if (event) detector.alertId = await applyEvent(trx, ctx, event, detector.alertId, cell, evidence);
  }

  const stepped = [...detectors.values()].filter((d) => d.stepped);
  if (stepped.length === 0) return;
  await sql`
    update risk_detectors d set state = u.state::jsonb, alert_id = u.alert_id, updated_at = ${now}::timestamptz
    from unnest(${stepped.map((d) => d.productId)}::bigint[], ${stepped.map((d) => d.region)}::text[],
      ${stepped.map((d) => JSON.stringify(d.state))}::text[], ${stepped.map((d) => d.alertId)}::bigint[])
      as u(product_id, region, state, alert_id)
    where d.product_id = u.product_id and d.region = u.region`.execute(trx);
}

/** Each stepped cell's negative count, read under the detectors' locks. */
async function hourNegatives(
  trx: Transaction<Database>,
  cells: readonly SpikeCell[],
): Promise<Map<string, number>> {
  if (cells.length === 0) return new Map();
  const { rows } = await sql<{ product_id: string; region: string; window_start: Date; negative: number }>`
    select h.product_id, h.region, h.window_start, h.negative
    from risk_cells h
    join unnest(${cells.map((c) => c.product.id)}::bigint[], ${cells.map((c) => c.region)}::text[],
      ${cells.map((c) => c.hourStart)}::timestamptz[]) as c(product_id, region, window_start)
      using (product_id, region, window_start)
    where h.granularity = 'hour'`.execute(trx);
  return new Map(
    rows.map((r) => [
      `${keyOf(Number(r.product_id), r.region)}\u0000${r.window_start.getTime()}`,
      r.negative,
    ]),
  );
}

/** Opens, grows or closes the detector's alert; resolves to the alert the detector holds after. */
async function applyEvent(
  trx: Transaction<Database>,
  ctx: AlertWriteContext,
  event: 'open' | 'update' | 'close',
  alertId: number | null,
  cell: SpikeCell,
  evidence: DetectorEvidence,
): Promise<number | null> {
  if (event === 'close') {
    if (alertId !== null) await closeAlert(trx, ctx, alertId, cell.product);
    return null;
  }
  const facts = await spikeFacts(trx, cell, evidence, cell.risk);
  if (event === 'update') {
    if (alertId !== null) await updateAlert(trx, ctx, alertId, cell.product, facts);
    return alertId;
  }
  const alert = { kind: 'spike' as const, product: cell.product, region: cell.region };
  // Null when an alert is still live there (the detector's row was lost or reset): carry on with it.
  return (await openAlert(trx, ctx, { ...alert, ...facts })) ?? (await liveAlertId(trx, alert));
}
