import type { Generated, JSONColumnType, Selectable } from 'kysely';

/**
 * A business calendar as stored: zone, weekly shifts, holidays and make-up days (the scheduler's
 * `BusinessCalendar`; validated there before it is written).
 */
export interface StoredCalendar {
  timeZone: string;
  weekly: Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', { start: string; end: string }[]>;
  holidays: string[];
  workdays: string[];
  makeUpHours?: { start: string; end: string }[] | undefined;
  useChineseHolidays?: boolean | undefined;
}

export interface TeamsTable {
  /** The name complaints are routed by (`quality`, `logistics`, ...). */
  key: string;
  name: string;
  /** Business hours the team's clocks count on a `team` policy; null counts calendar time. */
  calendar: JSONColumnType<StoredCalendar> | null;
  supervisor_id: number | null;
  created_at: Date;
  updated_at: Date;
}

/** Rungs of the escalation chain a person can hold, and `agent` for the front line. */
export type StaffPosition = 'agent' | 'team_lead' | 'supervisor' | 'duty_manager' | 'head_of_care';

export interface StaffTable {
  user_id: number;
  team: string | null;
  position: StaffPosition;
  /** The person's shifts; null is always on duty. */
  working_hours: JSONColumnType<StoredCalendar> | null;
  updated_at: Date;
}

export type EscalationStatus = 'open' | 'acknowledged' | 'resolved';

export interface EscalationsTable {
  id: Generated<number>;
  complaint_id: number;
  clock_id: number;
  /** 1 for the first rung reached, 2 for the next, ... */
  step: number;
  position: StaffPosition;
  /** Null when nobody holds this rung or any above it. */
  assignee_id: number | null;
  status: EscalationStatus;
  created_at: Date;
  remind_at: Date;
  /** True when the reminder waits for the assignee's next shift. */
  deferred: boolean;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
}

export type Team = Selectable<TeamsTable>;
export type Staff = Selectable<StaffTable>;
export type Escalation = Selectable<EscalationsTable>;
