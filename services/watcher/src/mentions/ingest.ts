import type { AppContext } from '@aftercare/runtime';
import { toFieldProblems } from '@aftercare/schemas';
import { riskCellChangeQueue } from '../riskmap/evaluator-worker.js';
import { attribute, loadBatchLookups } from './attribution/attribute.js';
import { catalogueOf } from './attribution/catalogue.js';
import { type MentionInput, mentionInput } from './mention-schema.js';
import { type ReadyMention, writeMentions } from './write-mentions.js';

export type IngestContext = Pick<AppContext, 'db' | 'clock' | 'scorer' | 'config'>;

/** One line of a request: a value to check, or why it could not even be read. */
export type IngestLine = { index: number; value: unknown } | { index: number; unreadable: string };

export interface Rejection {
  index: number;
  field: string;
  reason: string;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: Rejection[];
}

const DAY = 86_400_000;
// Clocks of phones and servers drift; a post a few minutes "ahead" is not from the future.
const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Takes a batch of mentions in: each line checked on its own (a bad line is named and the others
 * go on, so a stream never stalls on one post), scored, attributed to a product and region, and
 * kept with the risk map updated in one statement. A mention seen before (same source and
 * externalId, ever) counts as a duplicate, not again.
 * @example const { accepted, duplicates, rejected } = await ingestMentions(ctx, lines);
 */
export async function ingestMentions(
  ctx: IngestContext,
  lines: readonly IngestLine[],
): Promise<IngestResult> {
  const now = ctx.clock.now();
  const catalogue = await catalogueOf(ctx.db);
  const oldest = now.getTime() - ctx.config.watcher.mentionRetentionDays * DAY;
  const rejected: Rejection[] = [];
  const valid: MentionInput[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const line of lines) {
    if ('unreadable' in line) {
      rejected.push({ index: line.index, field: '(line)', reason: line.unreadable });
      continue;
    }
    const parsed = mentionInput.safeParse(line.value);
    if (!parsed.success) {
      for (const problem of toFieldProblems(parsed.error.issues)) {
        rejected.push({ index: line.index, field: problem.field, reason: problem.reason });
      }
      continue;
    }
    const mention = parsed.data;
    const problem = checkMention(mention, { now: now.getTime(), oldest, knownSku: catalogue.bySku });
    if (problem) {
      rejected.push({ index: line.index, ...problem });
      continue;
    }
    const key = `${mention.source}\u0000${mention.externalId}`;
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    valid.push(mention);
  }

  const lookups = await loadBatchLookups(ctx.db, valid);
  const ready = valid.map((mention): ReadyMention => {
    const reading = ctx.scorer.score(mention.text, {
      ...(mention.lang ? { lang: mention.lang } : {}),
      ...(mention.rating ? { rating: mention.rating } : {}),
    });
    const where = attribute(mention, catalogue, lookups);
    return {
      source: mention.source,
      externalId: mention.externalId,
      text: mention.text,
      author: mention.author ?? null,
      rating: mention.rating ?? null,
      lang: reading.lang,
      occurredAt: new Date(mention.occurredAt),
      productId: where.product?.id ?? null,
      region: where.region,
      city: where.city,
      orderRef: mention.orderRef ?? null,
      attributedBy: where.attributedBy,
      label: reading.label,
      score: reading.score,
      complaint: reading.complaint,
      topics: reading.topics,
      terms: reading.terms,
    };
  });
  const accepted = await writeMentions(ctx.db, ready, now);
  // The changed cells are committed: wake the evaluator now rather than at its next poll, so a
  // spike is an alert within a moment of its posts.
  if (accepted > 0) await riskCellChangeQueue(ctx).notify(ctx.db);
  return { accepted, duplicates: duplicates + ready.length - accepted, rejected };
}

function checkMention(
  mention: MentionInput,
  { now, oldest, knownSku }: { now: number; oldest: number; knownSku: ReadonlyMap<string, unknown> },
): { field: string; reason: string } | undefined {
  const at = Date.parse(mention.occurredAt);
  if (at > now + FUTURE_SKEW_MS) return { field: 'occurredAt', reason: 'is in the future' };
  if (at < oldest) {
    return { field: 'occurredAt', reason: 'is older than the mentions kept (MENTION_RETENTION_DAYS)' };
  }
  if (mention.sku && !knownSku.has(mention.sku)) return { field: 'sku', reason: 'no product with this SKU' };
  return undefined;
}
