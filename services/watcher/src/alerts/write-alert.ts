import type { Database, RiskAlertKind } from '@aftercare/db';
import type { AppContext } from '@aftercare/runtime';
import type { Transaction } from 'kysely';

export type AlertWriteContext = Pick<AppContext, 'clock' | 'events'>;

/** The product an alert is about, as its events name it. */
export interface AlertProduct {
  id: number;
  sku: string;
  name: string;
  category: string;
}

/** What an alert says when it opens or grows. */
export interface AlertFacts {
  risk: number;
  reason: string;
  evidence: Record<string, unknown>;
}

export const alertPublicId = (id: number) => `alr_${id}`;

/** The risk scale is 0-100; a number outside it (or NaN) never reaches an event. */
const boundedRisk = (risk: number) => (Number.isFinite(risk) ? Math.min(100, Math.max(0, risk)) : 0);

/**
 * Opens an alert of `kind` for a product and region, with its `risk_alert.opened@1` event, unless
 * one is already live there (open or acknowledged): the unique index decides, so two processes
 * that see the same spike open one alert. Resolves to the new alert's id, or null.
 */
export async function openAlert(
  trx: Transaction<Database>,
  ctx: AlertWriteContext,
  alert: { kind: RiskAlertKind; product: AlertProduct; region: string } & AlertFacts,
): Promise<number | null> {
  const now = ctx.clock.now();
  const risk = boundedRisk(alert.risk);
  const row = await trx
    .insertInto('risk_alerts')
    .values({
      kind: alert.kind,
      product_id: alert.product.id,
      region: alert.region,
      opened_at: now,
      updated_at: now,
      risk,
      reason: alert.reason,
      evidence: JSON.stringify(alert.evidence),
    })
    .onConflict((conflict) =>
      conflict
        .columns(['kind', 'product_id', 'region'])
        .where('status', 'in', ['open', 'acknowledged'])
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  if (!row) return null;
  await appendAlertEvent(trx, ctx, 'risk_alert.opened@1', {
    id: row.id,
    kind: alert.kind,
    product: alert.product,
    region: alert.region,
    risk,
    reason: alert.reason,
    openedAt: now,
  });
  return row.id;
}

/** The open or acknowledged alert of a kind for a product and region, if there is one. */
export async function liveAlertId(
  trx: Transaction<Database>,
  alert: { kind: RiskAlertKind; product: AlertProduct; region: string },
): Promise<number | null> {
  const row = await trx
    .selectFrom('risk_alerts')
    .select('id')
    .where('kind', '=', alert.kind)
    .where('product_id', '=', alert.product.id)
    .where('region', '=', alert.region)
    .where('status', 'in', ['open', 'acknowledged'])
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Writes what a live alert now says and its `risk_alert.updated@1` event. An alert people dismissed,
 * or one that closed, stays as it is. Resolves to whether it was live.
 */
export async function updateAlert(
  trx: Transaction<Database>,
  ctx: AlertWriteContext,
  alertId: number,
  product: AlertProduct,
  facts: AlertFacts,
): Promise<boolean> {
  const risk = boundedRisk(facts.risk);
  const row = await trx
    .updateTable('risk_alerts')
    .set({
      risk,
      reason: facts.reason,
      evidence: JSON.stringify(facts.evidence),
      updated_at: ctx.clock.now(),
    })
    .where('id', '=', alertId)
    .where('status', 'in', ['open', 'acknowledged'])
    .returning(['kind', 'region', 'opened_at'])
    .executeTakeFirst();
  if (!row) return false;
  await appendAlertEvent(trx, ctx, 'risk_alert.updated@1', {
    id: alertId,
    kind: row.kind,
    product,
    region: row.region,
    risk,
    reason: facts.reason,
    openedAt: row.opened_at,
  });
  return true;
}

/**
 * Closes a live alert (the cell calmed, the complaints stopped) with its `risk_alert.closed@1`
 * event. A dismissed alert keeps its status and only records when its cause ended. With
 * `dismissed`, the caller is dismissing it: the event is written and the status left to the caller.
 */
export async function closeAlert(
  trx: Transaction<Database>,
  ctx: AlertWriteContext,
  alertId: number,
  product: AlertProduct,
  options: { dismissed?: boolean } = {},
): Promise<boolean> {
  const now = ctx.clock.now();
  const row = await trx
    .updateTable('risk_alerts')
    .set(options.dismissed ? { updated_at: now } : { status: 'closed', closed_at: now, updated_at: now })
    .where('id', '=', alertId)
    .where('status', 'in', ['open', 'acknowledged'])
    .returning(['kind', 'region', 'opened_at', 'risk', 'reason'])
    .executeTakeFirst();
  if (!row) {
    await trx
      .updateTable('risk_alerts')
      .set({ closed_at: now })
      .where('id', '=', alertId)
      .where('closed_at', 'is', null)
      .execute();
    return false;
  }
  await appendAlertEvent(trx, ctx, 'risk_alert.closed@1', {
    id: alertId,
    kind: row.kind,
    product,
    region: row.region,
    risk: row.risk,
    reason: row.reason,
    openedAt: row.opened_at,
    closedAt: now,
  });
  return true;
}

async function appendAlertEvent(
  trx: Transaction<Database>,
  ctx: AlertWriteContext,
  type: 'risk_alert.opened@1' | 'risk_alert.updated@1' | 'risk_alert.closed@1',
  alert: {
    id: number;
    kind: RiskAlertKind;
    product: AlertProduct;
    region: string;
    risk: number;
    reason: string;
    openedAt: Date;
    closedAt?: Date;
  },
): Promise<void> {
  const payload = {
    alertId: alertPublicId(alert.id),
    kind: alert.kind,
    sku: alert.product.sku,
    region: alert.region === '' ? null : alert.region,
    category: alert.product.category,
    risk: alert.risk,
    openedAt: alert.openedAt.toISOString(),
    reason: alert.reason,
  };
  const aggregate = { aggregateType: 'risk_alert', aggregateId: payload.alertId };
  if (type === 'risk_alert.closed@1') {
    await ctx.events.append(trx, {
      type,
      ...aggregate,
      payload: { ...payload, closedAt: (alert.closedAt ?? ctx.clock.now()).toISOString() },
    });
  } else {
    await ctx.events.append(trx, { type, ...aggregate, payload });
  }
}
