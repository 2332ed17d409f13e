import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ComplaintLevel } from './complaints.js';

export type CallbackKind = 'confirmation' | 'satisfaction' | 'periodic' | 'proactive' | 'follow_up';
export type CallbackStatus = 'pending' | 'claimed' | 'completed' | 'unreachable' | 'cancelled';
export type CallbackOutcome = 'reached' | 'no_answer' | 'busy' | 'wrong_number' | 'call_later' | 'refused';

/** A call an agent is to make: planned from a resolution, a plan or an alert, worked from the queue. */
export interface CallbacksTable {
  id: Generated<number>;
  kind: CallbackKind;
  customer_id: number;
  complaint_id: number | null;
  /** The clock it answers (post-resolution kinds); unique, so a replayed event plans nothing twice. */
  clock_id: number | null;
  plan_id: number | null;
  /** What else planned it: the risk alert (`alr_12`) a proactive care call answers. */
  source_ref: Generated<string | null>;
  questionnaire_key: string;
  /** The version asked: answers are checked against, and stay readable by, this one. */
  questionnaire_version: number;
  /** The complaint's level when planned (1 urgent), null without a complaint. */
  level: ComplaintLevel | null;
  vip: boolean;
  /** A deadline for post-resolution kinds, the window's opening for periodic ones. */
  due_at: Date;
  window_end: Date;
  status: Generated<CallbackStatus>;
  /** Calls that did not reach the customer (no answer, busy); `max_attempts` of them make it unreachable. */
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  /** Not offered before this (a retry, a `call_later`); null: claimable at once. */
  next_attempt_at: Date | null;
  /** Who holds or last held it: the token's actor, and the person behind it when there is one. */
  agent: string | null;
  agent_user_id: number | null;
  lease_expires_at: Date | null;
  /** The last call's outcome. */
  outcome: CallbackOutcome | null;
  /** What the agent noted: free text about what the customer said (personal data). */
  note: string | null;
  /** What a dissatisfied answer set off: `complaint_reopened`, or `follow_up_planned: cb_N`. */
  follow_up: Generated<string | null>;
  /** When the customer asked to be called (`call_later`). */
  call_at: Date | null;
  created_at: Date;
  completed_at: Date | null;
}

/** One answer a reached customer gave, to a question of the callback's questionnaire version. */
export interface CallbackAnswersTable {
  callback_id: number;
  question_id: string;
  /** What the customer said, in their words (personal data). */
  text: string | null;
  /** A scale point, or the chosen option id(s). */
  value: ColumnType<number | string | string[] | null, string | null, string | null>;
  answered_at: Date;
}

export type Callback = Selectable<CallbacksTable>;
export type NewCallback = Insertable<CallbacksTable>;
export type CallbackUpdate = Updateable<CallbacksTable>;
export type CallbackAnswer = Selectable<CallbackAnswersTable>;
