import type { Mention } from '@aftercare/db';
import type { DbContext } from '@aftercare/runtime';
import { filterText, isoDateTime, keysetPage, listCursor, listLimit, type Page } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';

export const mentionFilters = z.strictObject({
  attributed: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .optional()
    .openapi({ description: 'false: the mentions no product was found for, to see what the matcher misses' }),
  source: filterText(32).optional(),
  sku: filterText(128).optional(),
  region: filterText(100).optional(),
  label: z.enum(['negative', 'neutral', 'positive']).optional(),
  from: isoDateTime.optional().openapi({ description: 'occurred at or after' }),
  to: isoDateTime.optional().openapi({ description: 'occurred before' }),
  limit: listLimit(),
  cursor: listCursor,
});
export type MentionFilters = z.output<typeof mentionFilters>;

export const mentionOutput = z
  .object({
    id: z.string().openapi({ example: 'men_42' }),
    source: z.string(),
    externalId: z.string(),
    text: z.string(),
    author: z.string().nullable(),
    rating: z.number().nullable(),
    lang: z.string(),
    occurredAt: z.string(),
    receivedAt: z.string(),
    sku: z.string().nullable(),
    region: z.string().nullable(),
    city: z.string().nullable(),
    orderRef: z.string().nullable(),
    attributedBy: z.string().nullable(),
    label: z.string(),
    score: z.number(),
    complaint: z.boolean(),
    topics: z.array(z.string()),
    terms: z.array(z.string()),
  })
  .openapi('Mention');
export type MentionOutput = z.output<typeof mentionOutput>;

export const mentionPublicId = (id: number) => `men_${id}`;

export function toMentionOutput(row: Mention & { sku: string | null }): MentionOutput {
  return {
    id: mentionPublicId(row.id),
    source: row.source,
    externalId: row.external_id,
    text: row.text,
    author: row.author,
    rating: row.rating,
    lang: row.lang,
    occurredAt: row.occurred_at.toISOString(),
    receivedAt: row.received_at.toISOString(),
    sku: row.sku,
    region: row.region,
    city: row.city,
    orderRef: row.order_ref,
    attributedBy: row.attributed_by,
    label: row.label,
    score: row.score,
    complaint: row.complaint,
    topics: row.topics,
    terms: row.terms,
  };
}

export function selectMentions(db: DbContext['db']) {
  return db
    .selectFrom('mentions')
    .leftJoin('products', 'products.id', 'mentions.product_id')
    .selectAll('mentions')
    .select('products.sku');
}

/** A page of mentions, newest first, by attribution, source, product, region, label and time. */
export async function listMentions(
  ctx: Pick<DbContext, 'db'>,
  filters: MentionFilters,
): Promise<Page<MentionOutput>> {
  let query = selectMentions(ctx.db);
  if (filters.attributed === 'true') query = query.where('mentions.product_id', 'is not', null);
  if (filters.attributed === 'false') query = query.where('mentions.product_id', 'is', null);
  if (filters.source) query = query.where('mentions.source', '=', filters.source);
  if (filters.sku) query = query.where('products.sku', '=', filters.sku);
  if (filters.region) query = query.where('mentions.region', '=', filters.region);
  if (filters.label) query = query.where('mentions.label', '=', filters.label);
  if (filters.from) query = query.where('mentions.occurred_at', '>=', new Date(filters.from));
  if (filters.to) query = query.where('mentions.occurred_at', '<', new Date(filters.to));
  return keysetPage(
    query,
    {
      list: 'mentions',
      idColumn: 'mentions.id',
      limit: filters.limit,
      cursor: filters.cursor,
      order: 'desc',
    },
    toMentionOutput,
  );
}
