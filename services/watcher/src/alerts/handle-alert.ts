import { writeAudit } from '@aftercare/db';
import { ConflictError, type DbContext, NotFoundError } from '@aftercare/runtime';
import { plainText } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { getAlert } from './find-alerts.js';
import { type AlertWriteContext, alertPublicId, closeAlert } from './write-alert.js';

export const acknowledgeInput = z
  .strictObject({
    reason: plainText(1000).optional().openapi({ description: 'what is being done, for the others' }),
  })
  .openapi('AlertAcknowledge');

export const dismissInput = z
  .strictObject({
    reason: plainText(1000).openapi({ description: 'why it is not a real problem' }),
  })
  .openapi('AlertDismiss');

type HandleContext = DbContext & AlertWriteContext;

/**
 * A person takes an open alert on: who, when and why are recorded on it (and in the audit log).
 * The alert stays live, so it still grows and closes with its cell. Anything but open is a 409.
 */
export async function acknowledgeAlert(
  ctx: HandleContext,
  { id, actor, reason }: { id: number; actor: string; reason?: string | undefined },
) {
  await handle(ctx, { id, actor, reason: reason ?? null, to: 'acknowledged', from: ['open'] });
  return getAlert(ctx, id);
}

/**
 * A person says an open or acknowledged alert is not a real problem: it stops being live, with a
 * `risk_alert.closed@1` event so the offers and calls it started can stop too. Its cell may alert
 * again once it has calmed and cooled down.
 */
export async function dismissAlert(
  ctx: HandleContext,
  { id, actor, reason }: { id: number; actor: string; reason: string },
) {
  await handle(ctx, { id, actor, reason, to: 'dismissed', from: ['open', 'acknowledged'] });
  return getAlert(ctx, id);
}

async function handle(
  ctx: HandleContext,
  change: {
    id: number;
    actor: string;
    reason: string | null;
    to: 'acknowledged' | 'dismissed';
    from: readonly ('open' | 'acknowledged')[];
  },
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const alert = await trx
      .selectFrom('risk_alerts')
      .innerJoin('products', 'products.id', 'risk_alerts.product_id')
      .select(['risk_alerts.status', 'products.id', 'products.sku', 'products.name', 'products.category'])
      .where('risk_alerts.id', '=', change.id)
      .forUpdate('risk_alerts')
      .executeTakeFirst();
    if (!alert) throw new NotFoundError(`no alert ${alertPublicId(change.id)}`);
    if (!change.from.includes(alert.status as 'open')) {
      throw new ConflictError(
        `the alert is ${alert.status}; only ${change.from.join(' or ')} alerts can be ${change.to}`,
      );
    }
    const { status: _, ...product } = alert;
    if (change.to === 'dismissed') await closeAlert(trx, ctx, change.id, product, { dismissed: true });
    await trx
      .updateTable('risk_alerts')
      .set({
        status: change.to,
        handled_by: change.actor,
        handled_at: now,
        handled_reason: change.reason,
        updated_at: now,
      })
      .where('id', '=', change.id)
      .execute();
    await writeAudit(trx, {
      at: now,
      actor: change.actor,
      action: change.to === 'acknowledged' ? 'risk_alert.acknowledge' : 'risk_alert.dismiss',
      entity: 'risk_alert',
      entityId: alertPublicId(change.id),
      details: { reason: change.reason, previousStatus: alert.status },
    });
  });
}
