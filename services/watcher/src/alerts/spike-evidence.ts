import type { Database } from '@aftercare/db';
import { type DetectorEvidence, explainSpike } from '@aftercare/risk';
import type { Kysely } from 'kysely';
import type { AlertFacts, AlertProduct } from './write-alert.js';

const HOUR = 3_600_000;
const TOPICS = ['quality', 'logistics', 'service', 'advertising', 'other'] as const;
const TOP_TERMS = 5;
const SAMPLES = 5;

/**
 * What a spike alert shows: the hour's counts against what was expected, its commonest negative
 * terms and complaint topics, and a few of its negative mentions (by id: their texts stay with the
 * mentions, so retention deletes them there), with the sentence that explains it.
 */
export async function spikeFacts(
  db: Kysely<Database>,
  cell: { product: AlertProduct; region: string },
  detector: DetectorEvidence,
  risk: number,
): Promise<AlertFacts> {
  const hourStart = new Date(detector.hourStart);
  const hourEnd = new Date(hourStart.getTime() + HOUR);
  const where = { product_id: cell.product.id, region: cell.region };
  const [counts, terms, samples] = await Promise.all([
    db
      .selectFrom('risk_cells')
      .select(['mentions', 'negative', 'complaints', ...TOPICS])
      .where('granularity', '=', 'hour')
      .where('window_start', '=', hourStart)
      .where('product_id', '=', where.product_id)
      .where('region', '=', where.region)
      .executeTakeFirst(),
    db
      .selectFrom('risk_cell_terms')
      .select(['term', 'count'])
      .where('granularity', '=', 'hour')
      .where('window_start', '=', hourStart)
      .where('product_id', '=', where.product_id)
      .where('region', '=', where.region)
      .orderBy('count', 'desc')
      .orderBy('term')
      .limit(TOP_TERMS)
      .execute(),
    db
      .selectFrom('mentions')
      .select('id')
      .where('product_id', '=', where.product_id)
      // As stored: no region is null there (so the partial index of negative mentions serves it).
      .where((eb) => (where.region === '' ? eb('region', 'is', null) : eb('region', '=', where.region)))
      .where('occurred_at', '>=', hourStart)
      .where('occurred_at', '<', hourEnd)
      .where('label', '=', 'negative')
      .orderBy('occurred_at', 'desc')
      .limit(SAMPLES)
      .execute(),
  ]);
  const topics = Object.fromEntries(TOPICS.map((topic) => [topic, counts?.[topic] ?? 0]));
  const topTerms = terms.map((t) => t.term);
  const reason = explainSpike({
    negative: detector.negative,
    expected: detector.expected,
    product: cell.product.name,
    region: cell.region,
    windowHours: 1,
    topTopics: Object.entries(topics),
    topTerms,
  });
  return {
    risk,
    reason,
    evidence: {
      windowStart: hourStart.toISOString(),
      windowHours: 1,
      mentions: counts?.mentions ?? 0,
      negative: detector.negative,
      expectedNegative: round(detector.expected),
      complaints: counts?.complaints ?? 0,
      topics,
      topTerms,
      sampleMentionIds: samples.map((s) => s.id),
      detector: {
        cusum: round(detector.cusum),
        threshold: detector.threshold,
        hourTailP: detector.hourTailP,
      },
    },
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
