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
