import type { Callback, Database } from '@aftercare/db';
import type { AppContext } from '@aftercare/runtime';
import type { Kysely } from 'kysely';
import { complaintId } from '../complaints/ids.js';
import { callbackId } from './ids.js';

export type AnswerPublishContext = Pick<AppContext, 'scorer' | 'events'>;

/**
 * Scores each open answer a reached customer gave and writes it as `callback.answered@1`, in the
 * completion's transaction, with the product and region the callback is about (the complaint's
 * product and order, else the customer's region), so the watcher counts it on the risk map.
 */
export async function publishOpenAnswers(
  trx: Kysely<Database>,
  ctx: AnswerPublishContext,
  row: Callback,
  answers: readonly { questionId: string; text?: string | undefined }[],
  answeredAt: Date,
): Promise<number> {
  const open = answers.filter((a): a is { questionId: string; text: string } => (a.text ?? '').trim() !== '');
  if (open.length === 0) return 0;
  const about = await trx
    .selectFrom('customers as cu')
    .leftJoin('complaints as c', (join) => join.on('c.id', '=', row.complaint_id))
    .leftJoin('products as p', 'p.id', 'c.product_id')
    .leftJoin('orders as o', 'o.id', 'c.order_id')
    .select([
      'cu.external_ref as customerRef',
      'cu.region as customerRegion',
      'p.sku',
      'o.region as orderRegion',
    ])
    .where('cu.id', '=', row.customer_id)
    .executeTakeFirstOrThrow();
  for (const answer of open) {
    const reading = ctx.scorer.score(answer.text);
    await ctx.events.append(trx, {
      type: 'callback.answered@1',
      aggregateType: 'callback',
      aggregateId: callbackId(row.id),
      payload: {
        callbackId: callbackId(row.id),
        complaintId: row.complaint_id === null ? null : complaintId(row.complaint_id),
        customerRef: about.customerRef,
        sku: about.sku ?? null,
        region: about.orderRegion ?? about.customerRegion ?? null,
        questionId: answer.questionId,
        text: answer.text,
        lang: reading.lang,
        label: reading.label,
        score: reading.score,
        topics: reading.topics,
        answeredAt: answeredAt.toISOString(),
      },
    });
  }
  return open.length;
}
