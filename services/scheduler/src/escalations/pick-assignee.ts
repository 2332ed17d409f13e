import type { Database, StoredCalendar } from '@aftercare/db';
import type { Kysely } from 'kysely';
import { isWorkingTime, nextOpening } from '../calendar/index.js';
import { toCalendar } from '../staff/teams.js';
import { type EscalationRung, escalationChain } from './chain.js';

/** Who an escalation goes to, and when they are to hear of it. */
export interface EscalationTarget {
  /** The rung reached: the one asked for, or the next one up held by anyone. */
  position: EscalationRung;
  assigneeId: number | null;
  remindAt: Date;
  deferred: boolean;
}

interface Holder {
  id: number;
  hours: StoredCalendar | null;
  open: number;
}

/**
 * The person on a rung for a case of `team`: someone on duty now (fewest open escalations first); when
 * nobody is, a level 1 case goes to a holder at once (it never waits) and a level 2 or 3 reminder
 * waits for the holder whose shift starts first (deferred). A rung nobody holds passes the
 * escalation up to the next; with nobody above either it is recorded unassigned, due now.
 */
export async function pickEscalationTarget(
  trx: Kysely<Database>,
  { rung, team, level, now }: { rung: EscalationRung; team: string; level: 1 | 2 | 3; now: Date },
): Promise<EscalationTarget> {
  const chain = escalationChain(level);
  for (const position of chain.slice(chain.indexOf(rung))) {
    const holders = await holdersOf(trx, position, team);
    if (holders.length === 0) continue;
    const onDuty = holders.filter((h) => isWorkingTime(toCalendar(h.hours), now));
    if (onDuty.length > 0 || level === 1) {
      const chosen = fewestOpen(onDuty.length > 0 ? onDuty : holders);
      return { position, assigneeId: chosen.id, remindAt: now, deferred: false };
    }
    const byShift = holders
      .map((holder) => ({ holder, startsAt: nextOpening(toCalendar(holder.hours), now) }))
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.holder.open - b.holder.open);
    const first = byShift[0]!;
    return { position, assigneeId: first.holder.id, remindAt: first.startsAt, deferred: true };
  }
  return { position: rung, assigneeId: null, remindAt: now, deferred: false };
}

/** The active people on a rung: a team's supervisor (named on the team, or by position) and team lead; anyone's duty manager and head of care. */
async function holdersOf(trx: Kysely<Database>, position: EscalationRung, team: string): Promise<Holder[]> {
  const ofTeam = position === 'supervisor' || position === 'team_lead';
  const rows = await trx
    .selectFrom('users')
    .leftJoin('staff', 'staff.user_id', 'users.id')
    .select(['users.id', 'staff.working_hours as hours'])
    .select((eb) =>
      eb
        .selectFrom('escalations')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('escalations.assignee_id', '=', 'users.id')
        .where('escalations.status', '=', 'open')
        .as('open'),
    )
    .where('users.disabled_at', 'is', null)
    .where((eb) => {
      const byPosition = ofTeam
        ? eb.and([eb('staff.position', '=', position), eb('staff.team', '=', team)])
        : eb('staff.position', '=', position);
      if (position !== 'supervisor') return byPosition;
      // The team's named supervisor holds the rung whatever their staff position says.
      const named = eb.selectFrom('teams').select('supervisor_id').where('key', '=', team);
      return eb.or([byPosition, eb('users.id', '=', named)]);
    })
    .orderBy('users.id')
    .execute();
  return rows.map((row) => ({ id: row.id, hours: row.hours, open: Number(row.open ?? 0) }));
}

function fewestOpen(holders: readonly Holder[]): Holder {
  return holders.reduce((best, h) => (h.open < best.open ? h : best));
}
