import type { Database, StoredCalendar } from '@aftercare/db';
import type { Kysely } from 'kysely';
import { isWorkingTime, nextOpening } from '../calendar/index.js';
import { toCalendar } from '../staff/teams.js';
import { ESCALATION_RUNGS, type EscalationRung, rungName } from './chain.js';

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
  rung: EscalationRung;
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
  { rung, team, level, now }: { rung: number; team: string; level: 1 | 2 | 3; now: Date },
): Promise<EscalationTarget> {
  const rungs = ESCALATION_RUNGS.slice(rung - 1);
  const everyone = await holdersOf(trx, rungs, team);
  for (const position of rungs) {
    const holders = everyone.filter((h) => h.rung === position);
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
  return { position: rungName(rung) ?? 'head_of_care', assigneeId: null, remindAt: now, deferred: false };
}

/**
 * The active people on the given rungs, in one statement: a team's supervisor (named on the team, or
 * by position) and team lead; anyone's duty manager and head of care.
 */
async function holdersOf(
  trx: Kysely<Database>,
  rungs: readonly EscalationRung[],
  team: string,
): Promise<Holder[]> {
  const namedSupervisor = rungs.includes('supervisor')
    ? await trx.selectFrom('teams').select('supervisor_id').where('key', '=', team).executeTakeFirst()
    : undefined;
  const supervisorId = namedSupervisor?.supervisor_id ?? null;
  const teamRungs = rungs.filter((r) => r === 'supervisor' || r === 'team_lead');
  const anyTeamRungs = rungs.filter((r) => r === 'duty_manager' || r === 'head_of_care');
  const rows = await trx
    .selectFrom('users')
    .leftJoin('staff', 'staff.user_id', 'users.id')
    .select(['users.id', 'staff.position', 'staff.team', 'staff.working_hours as hours'])
    .select((eb) =>
      eb
        .selectFrom('escalations')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('escalations.assignee_id', '=', 'users.id')
        .where('escalations.status', '=', 'open')
        .as('open'),
    )
    .where('users.disabled_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(teamRungs.length
          ? [eb.and([eb('staff.position', 'in', teamRungs), eb('staff.team', '=', team)])]
          : []),
        ...(anyTeamRungs.length ? [eb('staff.position', 'in', anyTeamRungs)] : []),
        ...(supervisorId !== null ? [eb('users.id', '=', supervisorId)] : []),
      ]),
    )
    .orderBy('users.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    // The team's named supervisor holds that rung whatever their staff position says.
    rung: row.id === supervisorId ? 'supervisor' : (row.position as EscalationRung),
    hours: row.hours,
    open: Number(row.open ?? 0),
  }));
}

function fewestOpen(holders: readonly Holder[]): Holder {
  return holders.reduce((best, h) => (h.open < best.open ? h : best));
}
