import type {
  ClockKind,
  Complaint,
  ComplaintCategory,
  ComplaintClock,
  ComplaintHistoryTable,
  ComplaintStatus,
  ComplaintTasksTable,
  Database,
  SlaTargets,
} from '@aftercare/db';
import type { AnyNewEvent, EventWriter } from '@aftercare/events';
import { type AppContext, ConflictError, NotFoundError, ValidationError } from '@aftercare/runtime';
import { type Insertable, type Kysely, sql } from 'kysely';
import type { BusinessCalendar } from '../calendar/index.js';
import { cancelDeadlines, type DeadlineRequest, scheduleDeadlines } from '../clocks/deadlines.js';
import { settleEscalations } from '../escalations/escalate.js';
import { appendTo } from '../map-list.js';
import { userRowId } from '../staff/ids.js';
import { clockCalendar, dueAfter, retargetedDue, timeLeft } from './clock-time.js';
import { CASE_EVENT_TYPES, type CaseEventInput, type CaseEventType } from './events-schema.js';
import { complaintId, customerPublicId } from './ids.js';
import { isInTheFuture } from './timing.js';

export type EventContext = Pick<AppContext, 'db' | 'clock' | 'events'>;

const MINUTE = 60_000;

/** The statuses each event may come in; anything else is a 409 that changes nothing. */
const ALLOWED_IN: Record<CaseEventType, readonly ComplaintStatus[]> = {
  first_contact: ['open', 'waiting_customer'],
  solution_proposed: ['open', 'waiting_customer'],
  progress_update: ['open', 'waiting_customer'],
  waiting_customer: ['open'],
  customer_replied: ['waiting_customer'],
  marked_complex: ['open', 'waiting_customer'],
  internal_request: ['open', 'waiting_customer'],
  internal_reply: ['open', 'waiting_customer'],
  resolved: ['open', 'waiting_customer'],
  confirmation_sent: ['resolved'],
  reopened: ['resolved', 'closed'],
  closed: ['resolved'],
  assigned: ['open', 'waiting_customer'],
};

interface Case {
  id: number;
  status: ComplaintStatus;
  customerId: number;
  category: ComplaintCategory;
  level: 1 | 2 | 3;
  targets: SlaTargets;
  /** What its clocks count: the team's business hours or calendar time, by its policy. */
  calendar: BusinessCalendar;
  clocks: ComplaintClock[];
  lastAt: Date;
}

/**
 * Moves a complaint by one event (first contact, waiting on the customer, resolved, ...), stopping,
 * pausing, resuming and starting its clocks, in one transaction with its history entry and domain
 * event. An event that does not fit the state (resolving a closed case), or dated before the case's
 * last event, is a ConflictError that changes nothing.
 * @example await applyComplaintEvent(ctx, { id: 42, event: { type: 'first_contact' }, actor: 'token:3' });
 */
export async function applyComplaintEvent(
  ctx: EventContext,
  { id, event, actor }: { id: number; event: CaseEventInput; actor: string },
): Promise<void> {
  const now = ctx.clock.now();
  const at = event.at ? new Date(event.at) : now;
  if (isInTheFuture(at, now)) {
    throw new ValidationError('the event is dated in the future', [
      { field: 'at', reason: 'is in the future' },
    ]);
  }
  await ctx.db.transaction().execute((trx) => moveComplaint({ ...ctx, db: trx }, { id, event, actor, at }));
}

/**
 * The work of `applyComplaintEvent` inside a transaction the caller holds (`ctx.db` is it). A refusal
 * (NotFoundError, ConflictError, a ValidationError for an assignee) comes before any write, so the
 * caller may catch it and go on in the same transaction.
 */
export async function moveComplaint(ctx: EventContext, move: ComplaintMove): Promise<void> {
  const [refusal] = await moveComplaints(ctx, [move]);
  if (refusal) throw refusal;
}

/** One event for one complaint, dated `at`. */
export interface ComplaintMove {
  id: number;
  event: CaseEventInput;
  actor: string;
  at: Date;
}

export type MoveRefusal = NotFoundError | ConflictError | ValidationError;

/**
 * `moveComplaint` for many complaints at once, one event each, in the caller's transaction: each is
 * checked and moved as alone, and their writes go in a few set-based statements for all of them
 * (the demo replays thousands of case histories). A move that is refused gets its error back, in
 * the order given, before any write; the others go on.
 * @example
 * const [refusal] = await moveComplaints({ ...ctx, db: trx }, [{ id: 42, event, actor: 'demo', at }]);
 */
export async function moveComplaints(
  ctx: EventContext,
  moves: readonly ComplaintMove[],
): Promise<(MoveRefusal | undefined)[]> {
  const ids = moves.map((m) => m.id);
  if (new Set(ids).size !== ids.length) throw new Error('moveComplaints takes one event per complaint');
  if (moves.length === 0) return [];
  const now = ctx.clock.now();
  const trx = ctx.db;
  const cases = await loadCases(trx, ids);
  const planned: CaseWrites[] = [];
  const refusals: (MoveRefusal | undefined)[] = [];
  for (const { id, event, actor, at } of moves) {
    const c = cases.get(id);
    try {
      if (!c) throw new NotFoundError(`no complaint ${complaintId(id)}`);
      refuseOutOfPlace(c, event, at);
      const writes = new CaseWrites(c, new ClockMoves(c, at), {
        complaint_id: id,
        at,
        type: event.type,
        actor,
        note: event.note ?? null,
        details: JSON.stringify({
          ...(event.department ? { department: event.department } : {}),
          ...(event.assignee ? { assignee: event.assignee } : {}),
        }),
      });
      await move(trx, c, event, writes);
      planned.push(writes);
      refusals.push(undefined);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      refusals.push(error);
    }
  }
  await saveMoves(trx, ctx.events, planned, now);
  return refusals;
}

const isRefusal = (error: unknown): error is MoveRefusal =>
  error instanceof NotFoundError || error instanceof ConflictError || error instanceof ValidationError;

function refuseOutOfPlace(c: Case, event: CaseEventInput, at: Date): void {
  if (!ALLOWED_IN[event.type].includes(c.status)) {
    throw new ConflictError(`${event.type} does not fit a complaint that is ${c.status.replace('_', ' ')}`);
  }
  if (at < c.lastAt) {
    throw new ConflictError(
      `the event is dated before the complaint's last event (${c.lastAt.toISOString()}): out of order`,
    );
  }
}

/** The cases, locked in id order (so two batches never wait on each other in a cycle). */
async function loadCases(trx: Kysely<Database>, ids: readonly number[]): Promise<Map<number, Case>> {
  const rows = await trx
    .selectFrom('complaints')
    .innerJoin('sla_policies', 'sla_policies.id', 'complaints.policy_id')
    .leftJoin('teams', 'teams.key', 'complaints.team')
    .select([
      'complaints.id',
      'complaints.status',
      'complaints.customer_id',
      'complaints.category',
      'complaints.level',
      'sla_policies.targets',
      'sla_policies.calendar',
      'teams.calendar as team_calendar',
    ])
    .where('complaints.id', 'in', ids)
    .orderBy('complaints.id')
    // Not FOR UPDATE: the deadline worker's history and escalation rows take a key-share lock on the
    // complaint, which FOR UPDATE would block while this waits on that worker's clock (a deadlock).
    .forNoKeyUpdate('complaints')
    .execute();
  const cases = new Map<number, Case>();
  if (rows.length === 0) return cases;
  const found = rows.map((row) => row.id);
  // Read after the lock: a concurrent event on the same case has committed its clocks and history.
  const [clocks, last] = await Promise.all([
    // Locked (clock before deadline rows, as the worker takes them): a breach and its escalation
    // committed meanwhile are seen, and settled, not missed.
    trx
      .selectFrom('complaint_clocks')
      .selectAll()
      .where('complaint_id', 'in', found)
      .orderBy('id')
      .forUpdate()
      .execute(),
    // The case's own timeline: what the SLA recorded (warnings, breaches, escalations) and regrades
    // happen at "now" and must not make a helpdesk's backdated history out of order.
    trx
      .selectFrom('complaint_history')
      .select(['complaint_id', (eb) => eb.fn.max('at').as('at')])
      .where('complaint_id', 'in', found)
      .where('type', 'in', [...CASE_EVENT_TYPES, 'opened', 'merged'])
      .groupBy('complaint_id')
      .execute(),
  ]);
  const clocksOf = new Map<number, ComplaintClock[]>();
  for (const clock of clocks) appendTo(clocksOf, clock.complaint_id, clock);
  const lastAt = new Map(last.map((row) => [row.complaint_id, row.at]));
  for (const row of rows) {
    cases.set(row.id, {
      id: row.id,
      status: row.status,
      customerId: row.customer_id,
      category: row.category,
      level: row.level,
      targets: row.targets,
      calendar: clockCalendar(row.calendar, row.team_calendar),
      clocks: clocksOf.get(row.id) ?? [],
      lastAt: lastAt.get(row.id) ?? new Date(0),
    });
  }
  return cases;
}

async function move(trx: Kysely<Database>, c: Case, event: CaseEventInput, writes: CaseWrites) {
  const { clocks: moves } = writes;
  const id = complaintId(c.id);
  switch (event.type) {
    case 'first_contact':
      moves.stop('first_contact');
      moves.start('progress_update', c.targets.progress_update);
      return;
    case 'solution_proposed':
      moves.stop('solution');
      writes.tasksDone = true;
      return;
    case 'progress_update':
      moves.stop('progress_update');
      moves.start('progress_update', c.targets.progress_update);
      writes.tasksDone = true;
      return;
    case 'waiting_customer':
      moves.pauseAll();
      writes.complaint = { status: 'waiting_customer' };
      return;
    case 'customer_replied':
      moves.resumeAll();
      writes.complaint = { status: 'open' };
      return;
    case 'marked_complex':
      moves.retarget('solution', c.targets.solution_complex);
      // The customer is told the case takes longer, as promptly as a first contact.
      writes.task = {
        kind: 'inform_customer_complex',
        dueAt: dueAfter(c.calendar, moves.at, c.targets.first_contact * MINUTE),
      };
      return;
    case 'internal_request':
      moves.start('internal_reply', c.targets.internal_reply);
      return;
    case 'internal_reply':
      moves.stop('internal_reply');
      return;
    case 'resolved':
      moves.stop('first_contact');
      moves.stop('solution');
      moves.cancel('progress_update', 'internal_reply');
      moves.start('confirmation', c.targets.confirmation);
      moves.start('satisfaction_callback', c.targets.satisfaction_callback);
      writes.tasksDone = true;
      writes.complaint = { status: 'resolved', resolved_at: moves.at };
      writes.event = {
        type: 'complaint.resolved@1',
        aggregateType: 'complaint',
        aggregateId: id,
        payload: {
          complaintId: id,
          customerId: customerPublicId(c.customerId),
          category: c.category,
          level: c.level,
          at: moves.at.toISOString(),
        },
      };
      return;
    case 'confirmation_sent':
      moves.stop('confirmation');
      return;
    case 'reopened':
      moves.cancel('confirmation', 'satisfaction_callback');
      moves.start('solution', c.targets.solution);
      writes.complaint = { status: 'open', resolved_at: null, closed_at: null };
      writes.event = {
        type: 'complaint.reopened@1',
        aggregateType: 'complaint',
        aggregateId: id,
        payload: { complaintId: id, at: moves.at.toISOString() },
      };
      return;
    case 'assigned':
      writes.complaint = { assignee_id: await activeStaffId(trx, event.assignee) };
      return;
    case 'closed':
      moves.cancel('confirmation', 'satisfaction_callback');
      writes.complaint = { status: 'closed', closed_at: moves.at };
      writes.event = {
        type: 'complaint.closed@1',
        aggregateType: 'complaint',
        aggregateId: id,
        payload: { complaintId: id, at: moves.at.toISOString() },
      };
      return;
  }
}

/** Who may own a case: an active member of staff, or a 400 naming the field. */
async function activeStaffId(trx: Kysely<Database>, assignee: string | undefined): Promise<number> {
  const userId = assignee === undefined ? undefined : userRowId(assignee);
  const person =
    userId === undefined
      ? undefined
      : await trx
          .selectFrom('staff')
          .innerJoin('users', 'users.id', 'staff.user_id')
          .select('users.id')
          .where('users.id', '=', userId)
          .where('users.disabled_at', 'is', null)
          .executeTakeFirst();
  if (!person) {
    throw new ValidationError('the case can only go to an active member of staff', [
      { field: 'assignee', reason: `no active member of staff ${assignee}` },
    ]);
  }
  return person.id;
}

type ComplaintChange = Partial<Pick<Complaint, 'status' | 'resolved_at' | 'closed_at' | 'assignee_id'>>;
type ClockChange = Partial<
  Pick<ComplaintClock, 'state' | 'ended_at' | 'remaining_ms' | 'due_at' | 'target_ms'>
>;

/** What one event writes for its case, gathered so a batch of cases writes together. */
class CaseWrites {
  complaint: ComplaintChange | undefined;
  /** The case's open tasks are done by this event (a progress update tells the customer). */
  tasksDone = false;
  task: { kind: ComplaintTasksTable['kind']; dueAt: Date } | undefined;
  event: AnyNewEvent | undefined;

  constructor(
    readonly c: Case,
    readonly clocks: ClockMoves,
    readonly history: Insertable<ComplaintHistoryTable>,
  ) {}
}

/**
 * The batch's writes, a statement for each kind for all its cases, in the order one event makes
 * them: tasks, the complaint and its domain event, the clocks (clock rows before their deadline
 * rows, as the deadline worker takes them), the history entry.
 */
async function saveMoves(
  trx: Kysely<Database>,
  events: EventWriter,
  planned: readonly CaseWrites[],
  now: Date,
): Promise<void> {
  if (planned.length === 0) return;
  const done = planned.filter((w) => w.tasksDone);
  if (done.length > 0) {
    await sql`
      update complaint_tasks as t set done_at = v.at
      from unnest(${done.map((w) => w.c.id)}::bigint[], ${done.map((w) => w.clocks.at)}::timestamptz[])
        as v(complaint_id, at)
      where t.complaint_id = v.complaint_id and t.done_at is null`.execute(trx);
  }
  const tasks = planned.flatMap((w) =>
    w.task
      ? [
          {
            complaint_id: w.c.id,
            kind: w.task.kind,
            due_at: w.task.dueAt,
            note: null,
            created_at: now,
            done_at: null,
          },
        ]
      : [],
  );
  if (tasks.length > 0) await trx.insertInto('complaint_tasks').values(tasks).execute();
  await updateEach(
    trx,
    'complaints',
    COMPLAINT_COLUMN_TYPES,
    planned.flatMap((w) => (w.complaint ? [{ id: w.c.id, set: { ...w.complaint, updated_at: now } }] : [])),
  );
  await events.appendMany(
    trx,
    planned.flatMap((w) => (w.event ? [w.event] : [])),
  );
  await saveClockMoves(
    trx,
    planned.map((w) => w.clocks),
    now,
  );
  await trx
    .insertInto('complaint_history')
    .values(planned.map((w) => w.history))
    .execute();
}

// The SQL types of the columns `updateEach` sets, for its arrays.
const COMPLAINT_COLUMN_TYPES: Record<keyof ComplaintChange | 'updated_at', string> = {
  status: 'text',
  resolved_at: 'timestamptz',
  closed_at: 'timestamptz',
  assignee_id: 'bigint',
  updated_at: 'timestamptz',
};
const CLOCK_COLUMN_TYPES: Record<keyof ClockChange, string> = {
  state: 'text',
  ended_at: 'timestamptz',
  remaining_ms: 'bigint',
  due_at: 'timestamptz',
  target_ms: 'bigint',
};

/**
 * Sets each row's own values by id, a statement for each set of columns changed (the rows of a batch
 * mostly share one): `update t set c = v.c from unnest(ids, cs) as v(id, c) where t.id = v.id`.
 */
async function updateEach<Change extends object>(
  trx: Kysely<Database>,
  table: 'complaints' | 'complaint_clocks',
  types: Record<keyof Change, string>,
  rows: readonly { id: number; set: Change }[],
): Promise<void> {
  const groups = new Map<string, { id: number; values: Map<string, unknown> }[]>();
  for (const { id, set } of rows) {
    const values = new Map(Object.entries(set).filter(([, value]) => value !== undefined));
    if (values.size > 0) appendTo(groups, [...values.keys()].sort().join(), { id, values });
  }
  for (const [key, group] of groups) {
    const columns = key.split(',') as (keyof Change & string)[];
    if (group.length === 1) {
      // One row (an event on one case) as a plain update: it plans faster than a join with unnest.
      const [{ id, values }] = group as [(typeof group)[number]];
      await sql`
        update ${sql.table(table)}
        set ${sql.join(columns.map((column) => sql`${sql.ref(column)} = ${values.get(column)}`))}
        where id = ${id}`.execute(trx);
      continue;
    }
    const arrays = columns.map(
      (column) => sql`${group.map((row) => row.values.get(column) ?? null)}::${sql.raw(types[column])}[]`,
    );
    await sql`
      update ${sql.table(table)} as t
      set ${sql.join(columns.map((column) => sql`${sql.ref(column)} = v.${sql.ref(column)}`))}
      from unnest(${group.map((row) => row.id)}::bigint[], ${sql.join(arrays)})
        as v(id, ${sql.join(columns.map((column) => sql.ref(column)))})
      where t.id = v.id`.execute(trx);
  }
}

/**
 * What one event does to a complaint's clocks, collected and then written with the batch's: which
 * stop (met, or breached when stopped after their due time), pause, resume, start or change target.
 */
class ClockMoves {
  readonly changed = new Map<number, ClockChange>();
  readonly started: { kind: ClockKind; minutes: number }[] = [];
  readonly rescheduled: { id: number; due_at: Date }[] = [];
  /** Breached clocks whose work is now done or called off: their escalation ends. */
  readonly settled = new Set<number>();

  constructor(
    readonly c: Case,
    readonly at: Date,
  ) {}

  #live(kind: ClockKind, states: readonly string[] = ['running', 'paused']): ComplaintClock[] {
    return this.c.clocks.filter(
      (clock) => clock.kind === kind && states.includes(clock.state) && !this.changed.has(clock.id),
    );
  }

  #settle(kind: ClockKind): void {
    for (const clock of this.c.clocks) {
      if (clock.kind === kind && clock.state === 'breached' && clock.settled_at === null)
        this.settled.add(clock.id);
    }
  }

  stop(kind: ClockKind): void {
    this.#settle(kind);
    for (const clock of this.#live(kind)) {
      const late = clock.state === 'running' && this.at > clock.due_at;
      this.changed.set(clock.id, { state: late ? 'breached' : 'met', ended_at: this.at });
    }
    // Recorded breached only because the news came late (a backfill, a step reported after its due
    // time): done in time after all, so met.
    for (const clock of this.#live(kind, ['breached'])) {
      if (clock.settled_at === null && this.at <= clock.due_at) {
        this.changed.set(clock.id, { state: 'met', ended_at: this.at });
      }
    }
  }

  cancel(...kinds: ClockKind[]): void {
    for (const kind of kinds) {
      this.#settle(kind);
      for (const clock of this.#live(kind))
        this.changed.set(clock.id, { state: 'cancelled', ended_at: this.at });
    }
  }

  /** Starts a clock of `kind`; one still live (a second first contact, a repeated request) is replaced. */
  start(kind: ClockKind, minutes: number): void {
    this.cancel(kind);
    this.started.push({ kind, minutes });
  }

  pauseAll(): void {
    for (const clock of this.c.clocks.filter((k) => k.state === 'running')) {
      const remaining = timeLeft(this.c.calendar, this.at, clock.due_at);
      this.changed.set(clock.id, { state: 'paused', remaining_ms: remaining });
    }
  }

  resumeAll(): void {
    for (const clock of this.c.clocks.filter((k) => k.state === 'paused')) {
      const dueAt = dueAfter(this.c.calendar, this.at, clock.remaining_ms ?? 0);
      this.changed.set(clock.id, { state: 'running', remaining_ms: null, due_at: dueAt });
      this.rescheduled.push({ ...clock, due_at: dueAt });
    }
  }

  retarget(kind: ClockKind, minutes: number): void {
    for (const clock of this.#live(kind)) {
      const extra = minutes * MINUTE - clock.target_ms;
      if (clock.state === 'paused') {
        this.changed.set(clock.id, {
          target_ms: minutes * MINUTE,
          remaining_ms: (clock.remaining_ms ?? 0) + extra,
        });
      } else {
        const dueAt = retargetedDue(this.c.calendar, this.at, clock, minutes * MINUTE);
        this.changed.set(clock.id, { target_ms: minutes * MINUTE, due_at: dueAt });
        this.rescheduled.push({ ...clock, due_at: dueAt });
      }
    }
  }
}

/** The clock moves of a batch of cases: their updates, ended steps and escalations, new clocks and steps. */
async function saveClockMoves(trx: Kysely<Database>, all: readonly ClockMoves[], now: Date): Promise<void> {
  const changed = all.flatMap((moves) => [...moves.changed].map(([id, set]) => ({ id, set })));
  await updateEach(trx, 'complaint_clocks', CLOCK_COLUMN_TYPES, changed);
  const stopped = changed
    .filter(({ set }) => set.state !== undefined && set.state !== 'running')
    .map(({ id }) => id);
  await cancelDeadlines(trx, stopped);
  await settleEscalations(
    trx,
    all.flatMap((moves) => [...moves.settled]),
    now,
  );
  const leadOf = new Map(all.map((moves) => [moves.c.id, moves.c.targets.warning_before * MINUTE]));
  const calendarOf = new Map(all.map((moves) => [moves.c.id, moves.c.calendar]));
  const deadlines: DeadlineRequest[] = all.flatMap((moves) =>
    moves.rescheduled.map((clock) => ({
      clockId: clock.id,
      dueAt: clock.due_at,
      warningLeadMs: leadOf.get(moves.c.id)!,
      calendar: moves.c.calendar,
    })),
  );
  const starting = all.flatMap((moves) =>
    moves.started.map(({ kind, minutes }) => ({
      complaint_id: moves.c.id,
      kind,
      state: 'running' as const,
      started_at: moves.at,
      due_at: dueAfter(moves.c.calendar, moves.at, minutes * MINUTE),
      target_ms: minutes * MINUTE,
      remaining_ms: null,
      ended_at: null,
    })),
  );
  if (starting.length > 0) {
    const started = await trx
      .insertInto('complaint_clocks')
      .values(starting)
      .returning(['id', 'complaint_id', 'due_at'])
      .execute();
    for (const clock of started)
      deadlines.push({
        clockId: clock.id,
        dueAt: clock.due_at,
        warningLeadMs: leadOf.get(clock.complaint_id)!,
        calendar: calendarOf.get(clock.complaint_id),
      });
  }
  await scheduleDeadlines(trx, deadlines, now);
}
