import type {
  ClockKind,
  ComplaintCategory,
  ComplaintClock,
  ComplaintStatus,
  Database,
  SlaTargets,
} from '@aftercare/db';
import { type AppContext, ConflictError, NotFoundError, ValidationError } from '@aftercare/runtime';
import type { Kysely } from 'kysely';
import type { BusinessCalendar } from '../calendar/index.js';
import { cancelDeadlines, scheduleDeadlines } from '../clocks/deadlines.js';
import { settleEscalations } from '../escalations/escalate.js';
import { userRowId } from '../staff/ids.js';
import { clockCalendar, dueAfter, retargetedDue, timeLeft } from './clock-time.js';
import type { CaseEventInput, CaseEventType } from './events-schema.js';
import { complaintId, customerPublicId } from './ids.js';
import { completeTasks, recordTask } from './tasks.js';
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
 * The work of `applyComplaintEvent` inside a transaction the caller holds (`ctx.db` is it), for work
 * that moves many complaints in one commit (the demo's case histories). A refusal (ConflictError)
 * comes before any write, so the caller may catch it and go on in the same transaction.
 */
export async function moveComplaint(
  ctx: EventContext,
  { id, event, actor, at }: { id: number; event: CaseEventInput; actor: string; at: Date },
): Promise<void> {
  const now = ctx.clock.now();
  const trx = ctx.db;
  const c = await loadCase(trx, id);
  if (!c) throw new NotFoundError(`no complaint ${complaintId(id)}`);
  if (!ALLOWED_IN[event.type].includes(c.status)) {
    throw new ConflictError(`${event.type} does not fit a complaint that is ${c.status.replace('_', ' ')}`);
  }
  if (at < c.lastAt) {
    throw new ConflictError(
      `the event is dated before the complaint's last event (${c.lastAt.toISOString()}): out of order`,
    );
  }
  const moves = new ClockMoves(trx, c, at, now);
  await move(ctx, trx, c, event, moves);
  await moves.save();
  await trx
    .insertInto('complaint_history')
    .values({
      complaint_id: id,
      at,
      type: event.type,
      actor,
      note: event.note ?? null,
      details: JSON.stringify({
        ...(event.department ? { department: event.department } : {}),
        ...(event.assignee ? { assignee: event.assignee } : {}),
      }),
    })
    .execute();
}

async function loadCase(trx: Kysely<Database>, id: number): Promise<Case | undefined> {
  const row = await trx
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
    .where('complaints.id', '=', id)
    .forUpdate('complaints')
    .executeTakeFirst();
  if (!row) return undefined;
  const [clocks, last] = await Promise.all([
    trx.selectFrom('complaint_clocks').selectAll().where('complaint_id', '=', id).orderBy('id').execute(),
    trx
      .selectFrom('complaint_history')
      .select('at')
      .where('complaint_id', '=', id)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return {
    id: row.id,
    status: row.status,
    customerId: row.customer_id,
    category: row.category,
    level: row.level,
    targets: row.targets,
    calendar: clockCalendar(row.calendar, row.team_calendar),
    clocks,
    lastAt: last?.at ?? new Date(0),
  };
}

async function move(
  ctx: EventContext,
  trx: Kysely<Database>,
  c: Case,
  event: CaseEventInput,
  moves: ClockMoves,
) {
  const setStatus = (
    status: ComplaintStatus,
    extra: { resolved_at?: Date | null; closed_at?: Date | null } = {},
  ) =>
    trx
      .updateTable('complaints')
      .set({ status, updated_at: moves.now, ...extra })
      .where('id', '=', c.id)
      .execute();
  const id = complaintId(c.id);
  switch (event.type) {
    case 'first_contact':
      moves.stop('first_contact');
      moves.start('progress_update', c.targets.progress_update);
      return;
    case 'solution_proposed':
      moves.stop('solution');
      return completeTasks(trx, c.id, moves.at);
    case 'progress_update':
      moves.stop('progress_update');
      moves.start('progress_update', c.targets.progress_update);
      return completeTasks(trx, c.id, moves.at);
    case 'waiting_customer':
      moves.pauseAll();
      return setStatus('waiting_customer');
    case 'customer_replied':
      moves.resumeAll();
      return setStatus('open');
    case 'marked_complex':
      moves.retarget('solution', c.targets.solution_complex);
      // The customer is told the case takes longer, as promptly as a first contact.
      return recordTask(trx, {
        complaintId: c.id,
        kind: 'inform_customer_complex',
        dueAt: dueAfter(c.calendar, moves.at, c.targets.first_contact * MINUTE),
        now: moves.now,
      });
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
      await completeTasks(trx, c.id, moves.at);
      await setStatus('resolved', { resolved_at: moves.at });
      return ctx.events.append(trx, {
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
      });
    case 'confirmation_sent':
      moves.stop('confirmation');
      return;
    case 'reopened':
      moves.cancel('confirmation', 'satisfaction_callback');
      moves.start('solution', c.targets.solution);
      await setStatus('open', { resolved_at: null, closed_at: null });
      return ctx.events.append(trx, {
        type: 'complaint.reopened@1',
        aggregateType: 'complaint',
        aggregateId: id,
        payload: { complaintId: id, at: moves.at.toISOString() },
      });
    case 'assigned':
      return assign(trx, c.id, event.assignee, moves.now);
    case 'closed':
      moves.cancel('confirmation', 'satisfaction_callback');
      await setStatus('closed', { closed_at: moves.at });
      return ctx.events.append(trx, {
        type: 'complaint.closed@1',
        aggregateType: 'complaint',
        aggregateId: id,
        payload: { complaintId: id, at: moves.at.toISOString() },
      });
  }
}

/** Gives the case to another owner: an active member of staff, or a 400 naming the field. */
async function assign(trx: Kysely<Database>, id: number, assignee: string | undefined, now: Date) {
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
  await trx
    .updateTable('complaints')
    .set({ assignee_id: person.id, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/**
 * What one event does to a complaint's clocks, collected and then written together: which stop (met,
 * or breached when stopped after their due time), pause, resume, start or change target.
 */
class ClockMoves {
  readonly #changed = new Map<number, Partial<ComplaintClock>>();
  readonly #started: { kind: ClockKind; minutes: number }[] = [];
  readonly #rescheduled: { id: number; due_at: Date }[] = [];
  /** Breached clocks whose work is now done or called off: their escalation ends. */
  readonly #settled = new Set<number>();

  constructor(
    private readonly trx: Kysely<Database>,
    private readonly c: Case,
    readonly at: Date,
    readonly now: Date,
  ) {}

  #live(kind: ClockKind, states: readonly string[] = ['running', 'paused']): ComplaintClock[] {
    return this.c.clocks.filter(
      (clock) => clock.kind === kind && states.includes(clock.state) && !this.#changed.has(clock.id),
    );
  }

  #settle(kind: ClockKind): void {
    for (const clock of this.c.clocks) {
      if (clock.kind === kind && clock.state === 'breached' && clock.settled_at === null)
        this.#settled.add(clock.id);
    }
  }

  stop(kind: ClockKind): void {
    this.#settle(kind);
    for (const clock of this.#live(kind)) {
      const late = clock.state === 'running' && this.at > clock.due_at;
      this.#changed.set(clock.id, { state: late ? 'breached' : 'met', ended_at: this.at });
    }
  }

  cancel(...kinds: ClockKind[]): void {
    for (const kind of kinds) {
      this.#settle(kind);
      for (const clock of this.#live(kind))
        this.#changed.set(clock.id, { state: 'cancelled', ended_at: this.at });
    }
  }

  /** Starts a clock of `kind`; one still live (a second first contact, a repeated request) is replaced. */
  start(kind: ClockKind, minutes: number): void {
    this.cancel(kind);
    this.#started.push({ kind, minutes });
  }

  pauseAll(): void {
    for (const clock of this.c.clocks.filter((k) => k.state === 'running')) {
      const remaining = timeLeft(this.c.calendar, this.at, clock.due_at);
      this.#changed.set(clock.id, { state: 'paused', remaining_ms: remaining });
    }
  }

  resumeAll(): void {
    for (const clock of this.c.clocks.filter((k) => k.state === 'paused')) {
      const dueAt = dueAfter(this.c.calendar, this.at, clock.remaining_ms ?? 0);
      this.#changed.set(clock.id, { state: 'running', remaining_ms: null, due_at: dueAt });
      this.#rescheduled.push({ ...clock, due_at: dueAt });
    }
  }

  retarget(kind: ClockKind, minutes: number): void {
    for (const clock of this.#live(kind)) {
      const extra = minutes * MINUTE - clock.target_ms;
      if (clock.state === 'paused') {
        this.#changed.set(clock.id, {
          target_ms: minutes * MINUTE,
          remaining_ms: (clock.remaining_ms ?? 0) + extra,
        });
      } else {
        const dueAt = retargetedDue(this.c.calendar, this.at, clock, minutes * MINUTE);
        this.#changed.set(clock.id, { target_ms: minutes * MINUTE, due_at: dueAt });
        this.#rescheduled.push({ ...clock, due_at: dueAt });
      }
    }
  }

  async save(): Promise<void> {
    const { trx } = this;
    for (const [id, change] of this.#changed)
      await trx.updateTable('complaint_clocks').set(change).where('id', '=', id).execute();
    const stopped = [...this.#changed]
      .filter(([, change]) => change.state !== undefined && change.state !== 'running')
      .map(([id]) => id);
    await cancelDeadlines(trx, stopped);
    await settleEscalations(trx, [...this.#settled], this.now);
    const lead = this.c.targets.warning_before * MINUTE;
    if (this.#started.length > 0) {
      const started = await trx
        .insertInto('complaint_clocks')
        .values(
          this.#started.map(({ kind, minutes }) => ({
            complaint_id: this.c.id,
            kind,
            state: 'running' as const,
            started_at: this.at,
            due_at: dueAfter(this.c.calendar, this.at, minutes * MINUTE),
            target_ms: minutes * MINUTE,
            remaining_ms: null,
            ended_at: null,
          })),
        )
        .returning(['id', 'due_at'])
        .execute();
      this.#rescheduled.push(...started);
    }
    await scheduleDeadlines(
      trx,
      this.#rescheduled.map((clock) => ({ clockId: clock.id, dueAt: clock.due_at, warningLeadMs: lead })),
      this.now,
    );
  }
}
