import type { Database, StaffPosition } from '@aftercare/db';
import type { Kysely } from 'kysely';
import { isWorkingTime } from '../calendar/index.js';
import { toCalendar } from '../staff/teams.js';

/** A person complaints may be given to, with the open cases they hold. */
export interface Assignable {
  id: number;
  team: string | null;
  position: StaffPosition;
  onDuty: boolean;
  load: number;
}

/** Who takes cases: a team's agents and team leads for levels 2 and 3, duty managers for level 1. */
const CASE_OWNERS: readonly StaffPosition[] = ['agent', 'team_lead'];

/**
 * The people a batch of complaints may be given to (active; the teams' case owners, every duty
 * manager, and anyone named by hand), each with the open cases they hold and whether they are on
 * duty at `now`. One statement, whatever the batch.
 */
export async function loadAssignable(
  db: Kysely<Database>,
  { teams, named, now }: { teams: readonly string[]; named: readonly number[]; now: Date },
): Promise<Map<number, Assignable>> {
  const rows = await db
    .selectFrom('staff')
    .innerJoin('users', 'users.id', 'staff.user_id')
    .select(['staff.user_id', 'staff.team', 'staff.position', 'staff.working_hours'])
    .select((eb) =>
      eb
        .selectFrom('complaints')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('complaints.assignee_id', '=', 'staff.user_id')
        .where('complaints.status', 'in', ['open', 'waiting_customer'])
        .as('load'),
    )
    .where('users.disabled_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('staff.team', 'in', teams.length ? teams : ['']),
          eb('staff.position', 'in', CASE_OWNERS),
        ]),
        eb('staff.position', '=', 'duty_manager'),
        eb('staff.user_id', 'in', named.length ? named : [0]),
      ]),
    )
    .execute();
  return new Map(
    rows.map((row) => [
      row.user_id,
      {
        id: row.user_id,
        team: row.team,
        position: row.position,
        onDuty: isWorkingTime(toCalendar(row.working_hours), now),
        load: Number(row.load ?? 0),
      },
    ]),
  );
}

/**
 * Routing's choice of owner: a level 1 case goes straight to a duty manager (on duty if one is, else
 * whoever holds the post: it never waits); any other case to the least-loaded agent or team lead of
 * its team on duty, or to nobody (the team's queue) when none is. Counts what it hands out, so one
 * batch spreads over the team.
 */
export class Assigner {
  constructor(private readonly people: Map<number, Assignable>) {}

  pick(team: string, level: 1 | 2 | 3): number | null {
    const all = [...this.people.values()];
    const candidates =
      level === 1
        ? preferOnDuty(all.filter((p) => p.position === 'duty_manager'))
        : all.filter((p) => p.team === team && CASE_OWNERS.includes(p.position) && p.onDuty);
    const chosen = leastLoaded(candidates) ?? (level === 1 ? this.pick(team, 2) : null);
    if (chosen === null) return null;
    const person = this.people.get(chosen);
    if (person) person.load += 1;
    return chosen;
  }

  /** Whether `id` may own a case (an active member of staff). */
  has(id: number): boolean {
    return this.people.has(id);
  }
}

function preferOnDuty(people: Assignable[]): Assignable[] {
  const onDuty = people.filter((p) => p.onDuty);
  return onDuty.length > 0 ? onDuty : people;
}

function leastLoaded(people: readonly Assignable[]): number | null {
  let best: Assignable | undefined;
  for (const person of people) {
    if (!best || person.load < best.load || (person.load === best.load && person.id < best.id)) best = person;
  }
  return best?.id ?? null;
}
