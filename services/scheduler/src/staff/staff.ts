import { type Role, type StaffPosition, writeAudit } from '@aftercare/db';
import { type DbContext, ForbiddenError, ValidationError } from '@aftercare/runtime';
import {
  email,
  filterText,
  keysetPage,
  listCursor,
  listLimit,
  type Page,
  phone,
  plainText,
} from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { businessCalendarSchema, isWorkingTime } from '../calendar/index.js';
import { teamKey, userPublicId } from './ids.js';
import { toCalendar } from './teams.js';

export const POSITIONS = [
  'agent',
  'team_lead',
  'supervisor',
  'duty_manager',
  'head_of_care',
] as const satisfies readonly StaffPosition[];
/** Staff are people; `ingest` is a machine's role. */
const STAFF_ROLES = ['admin', 'supervisor', 'agent', 'marketing'] as const satisfies readonly Role[];
/** Positions that belong to one team: the escalation climbs from the complaint's team through them. */
const TEAM_POSITIONS: readonly StaffPosition[] = ['agent', 'team_lead', 'supervisor'];

export const staffInput = z
  .strictObject({
    email,
    name: plainText(100),
    role: z.enum(STAFF_ROLES, { error: `expected one of ${STAFF_ROLES.join(', ')}` }),
    position: z.enum(POSITIONS, { error: `expected one of ${POSITIONS.join(', ')}` }),
    team: teamKey.nullable().default(null),
    phone: phone.nullable().default(null),
    workingHours: businessCalendarSchema.nullable().default(null).openapi({
      description: 'the person’s shifts in their zone; null is always on duty',
    }),
    active: z.boolean().optional().openapi({
      description:
        'false disables the person and revokes their tokens; left out, a new person is active and an existing one stays as they are',
    }),
  })
  .refine((staff) => staff.team !== null || !TEAM_POSITIONS.includes(staff.position), {
    path: ['team'],
    error: 'an agent, team lead or supervisor belongs to a team',
  })
  .openapi('StaffInput');
export type StaffInput = z.output<typeof staffInput>;

export const staffOutput = z
  .object({
    id: z.string().openapi({ example: 'usr_3' }),
    email: z.string(),
    name: z.string(),
    role: z.string(),
    position: z.enum(POSITIONS),
    team: z.string().nullable(),
    phone: z.string().nullable(),
    workingHours: z.unknown().nullable(),
    active: z.boolean(),
    onDuty: z.boolean().openapi({ description: 'within the person’s working hours now' }),
  })
  .openapi('Staff');
export type StaffOutput = z.output<typeof staffOutput>;

export const staffFilters = z.strictObject({
  team: filterText(40).optional(),
  position: z.enum(POSITIONS).optional(),
  limit: listLimit(),
  cursor: listCursor,
});
export type StaffFilters = z.output<typeof staffFilters>;

function selectStaff(db: DbContext['db']) {
  return db
    .selectFrom('staff')
    .innerJoin('users', 'users.id', 'staff.user_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.phone',
      'users.disabled_at',
      'staff.position',
      'staff.team',
      'staff.working_hours',
    ]);
}
type StaffRow = Awaited<ReturnType<ReturnType<typeof selectStaff>['executeTakeFirstOrThrow']>>;

function toOutput(row: StaffRow, now: Date): StaffOutput {
  return {
    id: userPublicId(row.id),
    email: row.email,
    name: row.name,
    role: row.role,
    position: row.position,
    team: row.team,
    phone: row.phone,
    workingHours: row.working_hours,
    active: row.disabled_at === null,
    onDuty: row.disabled_at === null && isWorkingTime(toCalendar(row.working_hours), now),
  };
}

/** A page of staff in id order, by team and position. */
export async function listStaff(
  ctx: Pick<DbContext, 'db' | 'clock'>,
  filters: StaffFilters,
): Promise<Page<StaffOutput>> {
  let query = selectStaff(ctx.db);
  if (filters.team) query = query.where('staff.team', '=', filters.team);
  if (filters.position) query = query.where('staff.position', '=', filters.position);
  const now = ctx.clock.now();
  return keysetPage(
    query,
    { list: 'staff', idColumn: 'users.id', limit: filters.limit, cursor: filters.cursor },
    (row) => toOutput(row, now),
  );
}

/**
 * Creates or updates a member of staff by e-mail (the platform's user and the scheduler's staff row)
 * with an audit entry, in one transaction. A supervisor manages agents and supervisors; only an admin
 * may make or change an admin or a marketing user, so no one grants more than they have.
 * @example await putStaff(ctx, { staff, caller: { actor: 'token:2', role: 'supervisor' } });
 */
export async function putStaff(
  ctx: DbContext,
  { staff, caller }: { staff: StaffInput; caller: { actor: string; role: Role } },
): Promise<StaffOutput> {
  const now = ctx.clock.now();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('users')
      .select(['id', 'role'])
      .where('email', '=', staff.email)
      .forUpdate()
      .executeTakeFirst();
    if (caller.role !== 'admin') {
      const managed = ['agent', 'supervisor'];
      if (!managed.includes(staff.role) || (existing && !managed.includes(existing.role))) {
        throw new ForbiddenError('a supervisor manages agents and supervisors; ask an admin for other roles');
      }
    }
    if (staff.team !== null) {
      const team = await trx
        .selectFrom('teams')
        .select('key')
        .where('key', '=', staff.team)
        .executeTakeFirst();
      if (!team) {
        throw new ValidationError('no such team', [{ field: 'team', reason: `no team ${staff.team}` }]);
      }
    }
    const person = { name: staff.name, role: staff.role, phone: staff.phone };
    const user = existing
      ? await trx
          .updateTable('users')
          .set({
            ...person,
            // Re-posting a roster leaves someone disabled disabled; only `active: true` brings them back.
            ...(staff.active === true ? { disabled_at: null } : {}),
            ...(staff.active === false
              ? { disabled_at: (eb) => eb.fn.coalesce('disabled_at', eb.val(now)) }
              : {}),
          })
          .where('id', '=', existing.id)
          .returning('id')
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('users')
          .values({
            ...person,
            email: staff.email,
            password_hash: null,
            disabled_at: staff.active === false ? now : null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
    if (staff.active === false) {
      // A disabled person's tokens end for good: enabling them again does not bring them back.
      await trx
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('user_id', '=', user.id)
        .where('revoked_at', 'is', null)
        .execute();
    }
    const profile = {
      team: staff.team,
      position: staff.position,
      working_hours: staff.workingHours === null ? null : JSON.stringify(staff.workingHours),
      updated_at: now,
    };
    await trx
      .insertInto('staff')
      .values({ user_id: user.id, ...profile })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(profile))
      .execute();
    await writeAudit(trx, {
      at: now,
      actor: caller.actor,
      action: existing ? 'staff.updated' : 'staff.created',
      entity: 'user',
      entityId: String(user.id),
      details: { ...staff, phone: staff.phone === null ? null : 'set' },
    });
    return user.id;
  });
  const row = await selectStaff(ctx.db).where('users.id', '=', id).executeTakeFirstOrThrow();
  return toOutput(row, now);
}
