import { type Database, type StoredCalendar, writeAudit } from '@aftercare/db';
import { type DbContext, ValidationError } from '@aftercare/runtime';
import { plainText } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { ALWAYS_OPEN, type BusinessCalendar, businessCalendarSchema } from '../calendar/index.js';
import { teamKey, userPublicId, userRef, userRowId } from './ids.js';

export const teamInput = z
  .strictObject({
    key: teamKey,
    name: plainText(100),
    calendar: businessCalendarSchema
      .nullable()
      .default(null)
      .openapi({
        description:
          'business hours the team’s clocks count on a `team` SLA policy (zone, weekly split shifts, ' +
          'holidays, make-up days, China’s holidays); null counts calendar time, 24/7',
      }),
    supervisorId: userRef.nullable().default(null).openapi({ description: 'first rung of its escalations' }),
  })
  .openapi('TeamInput');
export type TeamInput = z.output<typeof teamInput>;

export const teamOutput = z
  .object({
    key: z.string(),
    name: z.string(),
    calendar: z.unknown().nullable(),
    supervisorId: z.string().nullable(),
    staffCount: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('Team');
export type TeamOutput = z.output<typeof teamOutput>;

/** Every team (or the one of `key`) with its head count, by key. */
export async function listTeams(ctx: Pick<DbContext, 'db'>, key?: string): Promise<TeamOutput[]> {
  let query = ctx.db.selectFrom('teams').leftJoin('staff', 'staff.team', 'teams.key');
  if (key !== undefined) query = query.where('teams.key', '=', key);
  const rows = await query
    .select(['teams.key', 'teams.name', 'teams.calendar', 'teams.supervisor_id', 'teams.updated_at'])
    .select((eb) => eb.fn.count<string>('staff.user_id').as('staff_count'))
    .groupBy(['teams.key', 'teams.name', 'teams.calendar', 'teams.supervisor_id', 'teams.updated_at'])
    .orderBy('teams.key')
    .execute();
  return rows.map((row) => ({
    key: row.key,
    name: row.name,
    calendar: row.calendar,
    supervisorId: row.supervisor_id === null ? null : userPublicId(row.supervisor_id),
    staffCount: Number(row.staff_count),
    updatedAt: row.updated_at.toISOString(),
  }));
}

/**
 * Creates or replaces a team (by key), with an audit entry, in one transaction. Its supervisor must
 * be an active supervisor (or admin). A changed calendar applies to clocks started or resumed after.
 * @example await putTeam(ctx, { team: { key: 'quality', name: 'Quality', calendar, supervisorId: 'usr_4' }, actor: 'token:2' });
 */
export async function putTeam(
  ctx: DbContext,
  { team, actor }: { team: TeamInput; actor: string },
): Promise<TeamOutput> {
  const now = ctx.clock.now();
  const supervisorId = team.supervisorId === null ? null : userRowId(team.supervisorId);
  await ctx.db.transaction().execute(async (trx) => {
    if (supervisorId !== null) {
      const supervisor = await trx
        .selectFrom('users')
        .select(['role'])
        .where('id', '=', supervisorId)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      if (!supervisor || !['supervisor', 'admin'].includes(supervisor.role)) {
        throw new ValidationError('the supervisor is not an active supervisor', [
          { field: 'supervisorId', reason: `${team.supervisorId} is not an active supervisor` },
        ]);
      }
    }
    const calendar = team.calendar === null ? null : JSON.stringify(team.calendar);
    await trx
      .insertInto('teams')
      .values({
        key: team.key,
        name: team.name,
        calendar,
        supervisor_id: supervisorId,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({ name: team.name, calendar, supervisor_id: supervisorId, updated_at: now }),
      )
      .execute();
    await writeAudit(trx, {
      at: now,
      actor,
      action: 'team.put',
      entity: 'team',
      entityId: team.key,
      details: team,
    });
  });
  const [saved] = await listTeams(ctx, team.key);
  if (!saved) throw new Error(`team ${team.key} vanished after it was written`);
  return saved;
}

/**
 * The business calendar of each named team (calendar time for a team without one, or unknown), read
 * in one statement: intake and case events count `team` policies' clocks on these.
 */
export async function teamCalendars(
  db: Kysely<Database>,
  keys: readonly string[],
): Promise<Map<string, BusinessCalendar>> {
  const calendars = new Map<string, BusinessCalendar>();
  const unique = [...new Set(keys)];
  if (unique.length === 0) return calendars;
  const rows = await db.selectFrom('teams').select(['key', 'calendar']).where('key', 'in', unique).execute();
  for (const row of rows) calendars.set(row.key, toCalendar(row.calendar));
  return calendars;
}

/** A stored calendar as the calendar functions take it; null is calendar time. */
export function toCalendar(stored: StoredCalendar | null): BusinessCalendar {
  return stored ?? ALWAYS_OPEN;
}
