import type { Generated, JSONColumnType, Selectable } from 'kysely';

/** Every (source, externalId) ever taken in; outlives the raw mention, so a replay never counts twice. */
export interface MentionKeysTable {
  source: string;
  external_id: string;
  received_at: Date;
}

export type MentionAttribution = 'sku' | 'order' | 'product_name' | 'alias' | 'text';

export interface MentionsTable {
  id: Generated<number>;
  source: string;
  external_id: string;
  text: string;
  author: string | null;
  rating: number | null;
  lang: string;
  occurred_at: Date;
  received_at: Date;
  /** The product it is about; null when the matcher found none (kept, and listed for a person). */
  product_id: number | null;
  region: string | null;
  city: string | null;
  order_ref: string | null;
  attributed_by: MentionAttribution | null;
  label: 'negative' | 'neutral' | 'positive';
  score: number;
  complaint: boolean;
  topics: JSONColumnType<string[]>;
  terms: JSONColumnType<string[]>;
}

export interface ProductAliasesTable {
  id: Generated<number>;
  product_id: number;
  alias: string;
  /** The alias as matched: NFKC, lower case, without spaces. */
  alias_key: string;
  created_at: Date;
  created_by: string;
}

export interface CitiesTable {
  city_key: string;
  city: string;
  region: string;
}

export interface MentionAuthorsTable {
  source: string;
  author: string;
  region: string;
  seen_at: Date;
}

export type Mention = Selectable<MentionsTable>;
