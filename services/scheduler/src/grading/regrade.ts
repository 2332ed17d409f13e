import type { Grade, Level } from './types.js';

export interface Regrade {
  level: Level;
  /** Who regraded, as people see it: `usr_42`. */
  by: string;
  /** Why, in the supervisor's words. */
  note?: string;
}

/**
 * A supervisor's regrade: the new level replaces the computed one (even if less urgent) and the
 * earlier reasons stay, followed by `supervisor.regrade`. The caller stores when it happened; the
 * clocks follow the new level from that moment.
 *
 * @example
 * regradeComplaint(grade, { level: 1, by: 'usr_42', note: '客户是本地媒体记者' });
 * // { level: 1, reasons: [...grade.reasons, { code: 'supervisor.regrade', detail: 'regraded from 2 to 1 by usr_42: 客户是本地媒体记者' }] }
 */
export function regradeComplaint(grade: Grade, change: Regrade): Grade {
  const note = change.note?.trim();
  const detail = `regraded from ${grade.level} to ${change.level} by ${change.by}${note ? `: ${note}` : ''}`;
  return { level: change.level, reasons: [...grade.reasons, { code: 'supervisor.regrade', detail }] };
}
