import type { Generated, Insertable, JSONColumnType, Selectable, Updateable } from 'kysely';

export type ComplaintChannel = 'phone' | 'chat' | 'email' | 'social' | 'marketplace';
export type ComplaintCategory = 'quality' | 'logistics' | 'service' | 'advertising' | 'other';
export type ComplaintStatus = 'open' | 'waiting_customer' | 'resolved' | 'closed';
export type ComplaintLevel = 1 | 2 | 3;

export interface ComplaintsTable {
  id: Generated<number>;
  /** The caller's id for the complaint: what a retry matches on. */
  external_ref: string;
  customer_id: number;
  order_id: number | null;
  product_id: number | null;
  channel: ComplaintChannel;
  category: ComplaintCategory;
  /** True when the category was read from the text, not given. */
  category_inferred: boolean;
  text: string;
  team: string;
  /** The person who owns the case (users.id): routing picks one on duty, a supervisor may reassign. */
  assignee_id: number | null;
  level: ComplaintLevel;
  /** Why the level: `[{ code, detail }]`, from grading or a supervisor's regrade. */
  level_reasons: JSONColumnType<{ code: string; detail: string }[]>;
  status: ComplaintStatus;
  /** The SLA policy version the complaint started with; a later policy change does not move it. */
  policy_id: number;
  /** `customer:order` or `customer:sku`; one open complaint per key, so duplicates merge. */
  dedupe_key: string | null;
  merged_count: Generated<number>;
  opened_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface ComplaintRefsTable {
  external_ref: string;
  complaint_id: number;
  /** True when this ref was a duplicate merged into an open complaint. */
  merged: boolean;
  text: string;
  received_at: Date;
}

export interface ComplaintHistoryTable {
  id: Generated<number>;
  complaint_id: number;
  at: Date;
  type: string;
  actor: string;
  note: string | null;
  details: JSONColumnType<Record<string, unknown>>;
}

/** Something an agent must do for a case that no clock covers. */
export interface ComplaintTasksTable {
  id: Generated<number>;
  complaint_id: number;
  /** `inform_customer_complex`: tell the customer a complex case takes longer, and until when. */
  kind: 'inform_customer_complex';
  due_at: Date;
  note: string | null;
  created_at: Date;
  /** Set by the case event that did it (a progress update, the solution, the resolution). */
  done_at: Date | null;
}

export type Complaint = Selectable<ComplaintsTable>;
export type NewComplaint = Insertable<ComplaintsTable>;
export type ComplaintUpdate = Updateable<ComplaintsTable>;
export type ComplaintHistoryEntry = Selectable<ComplaintHistoryTable>;
