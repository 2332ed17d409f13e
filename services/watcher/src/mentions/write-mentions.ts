import type { Database, MentionAttribution } from '@aftercare/db';
import { type Kysely, sql } from 'kysely';

/** A mention ready to keep: validated, scored and attributed. */
export interface ReadyMention {
  source: string;
  externalId: string;
  text: string;
  author: string | null;
  rating: number | null;
  lang: string;
  occurredAt: Date;
  productId: number | null;
  region: string | null;
  city: string | null;
  orderRef: string | null;
  attributedBy: MentionAttribution | null;
  label: 'negative' | 'neutral' | 'positive';
  score: number;
  complaint: boolean;
  topics: string[];
  terms: string[];
}

/**
 * Keeps a batch of mentions and updates the risk map, in one statement whatever the batch: the keys
 * not seen before (the others are duplicates, across requests, replicas and restarts), the mentions,
 * their hour and day cells (counts added, never recomputed), the negative terms of each cell, and
 * the region each author was seen in, and the hour cells that changed for the evaluator. Cells are written in key order, so two batches touching the
 * same cells wait on each other instead of deadlocking.
 * @returns how many were new.
 */
export async function writeMentions(
  db: Kysely<Database>,
  mentions: readonly ReadyMention[],
  receivedAt: Date,
): Promise<number> {
  if (mentions.length === 0) return 0;
  const column = <T>(pick: (m: ReadyMention) => T) => mentions.map(pick);
  const { rows } = await sql<{ accepted: string }>`
    with input as (
      select * from unnest(
        ${column((m) => m.source)}::text[], ${column((m) => m.externalId)}::text[],
        ${column((m) => m.text)}::text[], ${column((m) => m.author)}::text[],
        ${column((m) => m.rating)}::smallint[], ${column((m) => m.lang)}::text[],
        ${column((m) => m.occurredAt)}::timestamptz[], ${column((m) => m.productId)}::bigint[],
        ${column((m) => m.region)}::text[], ${column((m) => m.city)}::text[],
        ${column((m) => m.orderRef)}::text[], ${column((m) => m.attributedBy)}::text[],
        ${column((m) => m.label)}::text[], ${column((m) => m.score)}::real[],
        ${column((m) => m.complaint)}::boolean[], ${column((m) => JSON.stringify(m.topics))}::jsonb[],
        ${column((m) => JSON.stringify(m.terms))}::jsonb[]
      ) as t(source, external_id, text, author, rating, lang, occurred_at, product_id, region, city,
             order_ref, attributed_by, label, score, complaint, topics, terms)
    ),
    keys as (
      insert into mention_keys (source, external_id, received_at)
      select source, external_id, ${receivedAt}::timestamptz from input
      on conflict do nothing
      returning source, external_id
    ),
    kept as (
      select input.* from input join keys using (source, external_id)
    ),
    saved as (
      insert into mentions (source, external_id, text, author, rating, lang, occurred_at, received_at,
        product_id, region, city, order_ref, attributed_by, label, score, complaint, topics, terms)
      select source, external_id, text, author, rating, lang, occurred_at, ${receivedAt}::timestamptz,
        product_id, region, city, order_ref, attributed_by, label, score, complaint, topics, terms
      from kept
    ),
    windows (granularity) as (values ('hour'), ('day')),
    cells as (
      insert into risk_cells as c (granularity, product_id, region, window_start, mentions, negative,
        complaints, quality, logistics, service, advertising, other, score_sum)
      select w.granularity, k.product_id, coalesce(k.region, ''),
        date_trunc(w.granularity, k.occurred_at, 'UTC'),
        count(*), count(*) filter (where k.label = 'negative'), count(*) filter (where k.complaint),
        count(*) filter (where k.complaint and k.topics ? 'quality'),
        count(*) filter (where k.complaint and k.topics ? 'logistics'),
        count(*) filter (where k.complaint and k.topics ? 'service'),
        count(*) filter (where k.complaint and k.topics ? 'advertising'),
        count(*) filter (where k.complaint and k.topics ? 'other'),
        sum(k.score)
      from kept k cross join windows w
      where k.product_id is not null
      group by 1, 2, 3, 4
      order by 1, 4, 2, 3
      on conflict (granularity, window_start, product_id, region) do update set
        mentions = c.mentions + excluded.mentions, negative = c.negative + excluded.negative,
        complaints = c.complaints + excluded.complaints, quality = c.quality + excluded.quality,
        logistics = c.logistics + excluded.logistics, service = c.service + excluded.service,
        advertising = c.advertising + excluded.advertising, other = c.other + excluded.other,
        score_sum = c.score_sum + excluded.score_sum
    ),
    cell_terms as (
      insert into risk_cell_terms as t (granularity, product_id, region, window_start, term, count)
      select w.granularity, k.product_id, coalesce(k.region, ''),
        date_trunc(w.granularity, k.occurred_at, 'UTC'), term.value, count(*)
      from kept k cross join windows w cross join lateral jsonb_array_elements_text(k.terms) as term(value)
      where k.product_id is not null and k.label = 'negative'
      group by 1, 2, 3, 4, 5
      order by 1, 2, 3, 4, 5
      on conflict (granularity, product_id, region, window_start, term) do update set
        count = t.count + excluded.count
    ),
    changes as (
      insert into risk_cell_changes (product_id, region, window_start, due_at)
      select distinct product_id, coalesce(region, ''), date_trunc('hour', occurred_at, 'UTC'), ${receivedAt}::timestamptz
      from kept where product_id is not null
      order by 1, 2, 3
      on conflict (product_id, region, window_start) where state = 'pending' do nothing
    ),
    -- A negative post naming an order is a complaint from that order's customer: a quality signal.
    signals as (
      insert into quality_signals (product_id, region, customer_id, source, ref, occurred_at)
      select k.product_id, coalesce(k.region, ''), o.customer_id, 'mention', k.source || ':' || k.external_id,
        k.occurred_at
      from kept k join orders o on o.external_ref = k.order_ref
      where k.order_ref is not null and k.product_id is not null and k.label = 'negative'
      on conflict (source, ref) do nothing
    ),
    authors as (
      insert into mention_authors as a (source, author, region, seen_at)
      select distinct on (source, author) source, author, region, ${receivedAt}::timestamptz
      from kept where author is not null and region is not null
      order by source, author, occurred_at desc
      -- An author seen again from the same region is rewritten once a day at most (for retention),
      -- not on every post.
      on conflict (source, author) do update set region = excluded.region, seen_at = excluded.seen_at
        where a.region is distinct from excluded.region or a.seen_at < excluded.seen_at - interval '1 day'
    )
    select count(*) as accepted from kept
  `.execute(db);
  return Number(rows[0]?.accepted ?? 0);
}
