export type ComplaintCategory = 'quality' | 'logistics' | 'service' | 'advertising' | 'other';
export type ComplaintChannel = 'phone' | 'chat' | 'email' | 'social' | 'marketplace';
/** 1 urgent, 2 normal, 3 suggestion (DOMAIN.md, "Complaints and their clocks"). */
export type Level = 1 | 2 | 3;

export { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS } from '@aftercare/events';

/** The keyword groups that make a complaint urgent, in the order their reasons are listed. */
export const URGENT_GROUPS = [
  'product_safety',
  'account_security',
  'regulator_or_media',
  'group_complaint',
] as const;
export type UrgentGroup = (typeof URGENT_GROUPS)[number];

export interface GradingInput {
  /** Plain text (HTML already removed), may be empty; only the first `maxTextChars` are read. */
  text: string;
  category: ComplaintCategory;
  channel: ComplaintChannel;
  customer: {
    tier: 'regular' | 'vip';
    /** Complaints from this customer in the last 30 days, not counting this one. */
    complaintsLast30Days: number;
  };
  /** Optional reading from the text scorer (`@aftercare/scoring`): its label and complaint flag. */
  sentiment?: { label: 'negative' | 'neutral' | 'positive'; complaint: boolean };
}

export interface GradeReason {
  /** Stable, for code and reports: `keyword.product_safety`, `suggestion`, `vip.repeat`, ... */
  code: string;
  /** For people: `mentions 起火 (product safety)`. */
  detail: string;
}

export interface Grade {
  level: Level;
  reasons: GradeReason[];
}
