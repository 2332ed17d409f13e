import type { Generated } from 'kysely';

/** One cell of the complaint risk map: a product in a region over an hour or a day. */
export interface RiskCellsTable {
  granularity: 'hour' | 'day';
  product_id: number;
  /** '' when the region is unknown. */
  region: string;
  window_start: Date;
  mentions: number;
  negative: number;
  /** Mentions the scorer read as complaints (negative and about the purchase). */
  complaints: number;
  /** Complaints per topic. */
  quality: number;
  logistics: number;
  service: number;
  advertising: number;
  other: number;
  score_sum: number;
  /** 0 to 100, set by the evaluator (see @aftercare/risk). */
  risk: Generated<number>;
  expected_negative: Generated<number>;
  trend: Generated<'rising' | 'steady' | 'falling'>;
}

/** An hour cell whose counts changed, waiting for the evaluator (columns of `@aftercare/jobs`). */
export interface RiskCellChangesTable {
  id: Generated<number>;
  product_id: number;
  region: string;
  window_start: Date;
  state: Generated<'pending' | 'running' | 'done' | 'dead'>;
  due_at: Date;
  attempts: Generated<number>;
  lease_expires_at: Date | null;
  leased_by: string | null;
  last_error: string | null;
}

/** How often a word made the cell's mentions negative. */
export interface RiskCellTermsTable {
  granularity: 'hour' | 'day';
  product_id: number;
  region: string;
  window_start: Date;
  term: string;
  count: number;
}
