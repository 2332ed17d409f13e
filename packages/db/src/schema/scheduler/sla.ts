import type { Generated, JSONColumnType, Selectable } from 'kysely';
import type { ComplaintCategory, ComplaintLevel } from './complaints.js';

export type ClockKind =
  | 'first_contact'
  | 'solution'
  | 'progress_update'
  | 'confirmation'
  | 'satisfaction_callback'
  | 'internal_reply';
export type ClockState = 'running' | 'paused' | 'met' | 'breached' | 'cancelled';

/** Targets of one policy, in minutes. */
export interface SlaTargets {
  first_contact: number;
  solution: number;
  solution_complex: number;
  progress_update: number;
  confirmation: number;
  satisfaction_callback: number;
  internal_reply: number;
  warning_before: number;
}

export interface SlaPoliciesTable {
  /** The version: a change inserts a new row and supersedes the old one. */
  id: Generated<number>;
  level: ComplaintLevel;
  /** A category, or `*` for every category without its own. */
  category: ComplaintCategory | '*';
  targets: JSONColumnType<SlaTargets>;
  /** `always` counts calendar time (24/7); `team` counts the team's business hours. */
  calendar: 'always' | 'team';
  created_at: Date;
  created_by: string;
  superseded_at: Date | null;
}

export interface ComplaintClocksTable {
  id: Generated<number>;
  complaint_id: number;
  kind: ClockKind;
  state: ClockState;
  started_at: Date;
  due_at: Date;
  target_ms: number;
  /** Working time left when paused (waiting on the customer). */
  remaining_ms: number | null;
  ended_at: Date | null;
  /** When a breached clock's work was finally done (a late first contact): its escalation stops. */
  settled_at: Date | null;
}

export type SlaPolicy = Selectable<SlaPoliciesTable>;
export type ComplaintClock = Selectable<ComplaintClocksTable>;

/** A step of a running clock: warn, breach, then escalate level by level while it stays breached. */
export type DeadlineStep = 'warning' | 'breach' | `escalate:${number}`;

/** The work table of clock deadlines (columns of `@aftercare/jobs`' work queue). */
export interface ClockDeadlinesTable {
  id: Generated<number>;
  clock_id: number;
  step: DeadlineStep;
  state: Generated<'pending' | 'running' | 'done' | 'dead'>;
  due_at: Date;
  attempts: Generated<number>;
  lease_expires_at: Date | null;
  leased_by: string | null;
  last_error: string | null;
}
