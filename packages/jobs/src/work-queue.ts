/**
 * Table-backed work: a domain table (callbacks, SLA timers, outgoing messages) is its own queue.
 * There is no jobs table; any table that carries the work columns below can be claimed with
 * `FOR UPDATE SKIP LOCKED` by any number of workers and replicas without double work.
 *
 * Add these columns in the table's migration (migrations never import app code, so copy them):
 *
 * ```sql
 * id               bigint generated always as identity primary key,
 * state            text not null default 'pending' check (state in ('pending', 'running', 'done', 'dead')),
 * due_at           timestamptz not null,
 * attempts         int not null default 0,
 * lease_expires_at timestamptz,
 * leased_by        text,
 * last_error       text
 * -- and the index the claim query walks (open rows in due order):
 * create index <table>_work_due on <table> (due_at) where state in ('pending', 'running');
 * ```
 *
 * Life of a row: `pending` (due at `due_at`) → claimed: `running`, leased to one worker until
 * `lease_expires_at`, `attempts + 1` → `done` on success; on failure back to `pending` with an
 * exponential, jittered `due_at`, or `dead` with `last_error` once `attempts >= maxAttempts`. A worker
 * that dies keeps its lease until it expires; the row is then claimed again (or goes `dead` when it
 * already used every attempt, so a row that crashes its worker cannot loop forever).
 */
import type { Database } from '@aftercare/db';
import type { DbContext } from '@aftercare/runtime';
import { type Kysely, sql } from 'kysely';
import { type BackoffOptions, jitterFactor } from './backoff.js';

export type WorkState = 'pending' | 'running' | 'done' | 'dead';

/** The work columns every worked table has; a domain row type extends this. */
export interface WorkRow {
  id: number;
  state: WorkState;
  due_at: Date;
  attempts: number;
  lease_expires_at: Date | null;
  leased_by: string | null;
  last_error: string | null;
}

export interface WorkQueueOptions {
  /** The domain table (optionally `schema.table`); queries name it in raw SQL, so any table works. */
  table: string;
  /** How long a claim holds a row before another worker may take it. */
  leaseMs: number;
  /** Attempts (claims) after which a failing row becomes `dead`. */
  maxAttempts: number;
  backoff: BackoffOptions;
  /** NOTIFY channel that wakes workers; default `work_<table>`. */
  channel?: string;
  /** Source of randomness for jitter, in [0, 1); tests pin it. */
  random?: () => number;
}

export interface FailOutcome {
  state: 'pending' | 'dead';
  attempts: number;
  dueAt: Date;
}

export interface WorkQueue<Row extends WorkRow = WorkRow> {
  readonly table: string;
  readonly channel: string;
  /** Leases up to `limit` due rows (or rows whose lease expired) to `workerId`, oldest due first. */
  claim(workerId: string, limit: number): Promise<Row[]>;
  /** Marks the row `done` if `workerId` still holds it; false when the lease was lost. */
  complete(id: number, workerId: string, executor?: Kysely<Database>): Promise<boolean>;
  /** Marks many held rows `done` in one statement; returns the ids that were still held. */
  completeMany(ids: readonly number[], workerId: string, executor?: Kysely<Database>): Promise<number[]>;
  /** Schedules a retry with backoff, or marks `dead`; null when `workerId` no longer holds it. */
  fail(id: number, workerId: string, error: unknown): Promise<FailOutcome | null>;
  /** Gives the row back without using an attempt (graceful shutdown mid-row). */
  release(id: number, workerId: string): Promise<boolean>;
  /** Wakes listening workers; call inside the enqueueing transaction so it fires on commit. */
  notify(executor?: Kysely<Database>): Promise<void>;
}

/**
 * A queue over a domain table that carries the work columns.
 * @example
 * const queue = createWorkQueue<CallbackRow>(ctx, { table: 'callbacks', leaseMs: 60_000,
 *   maxAttempts: 5, backoff: { baseMs: 1_000, maxMs: 3_600_000 } });
 * const rows = await queue.claim('scheduler-1', 10);
 */
export function createWorkQueue<Row extends WorkRow = WorkRow>(
  ctx: DbContext,
  options: WorkQueueOptions,
): WorkQueue<Row> {
  const { db, clock } = ctx;
  const { leaseMs, maxAttempts, backoff } = options;
  const random = options.random ?? Math.random;
  const table = sql.table(options.table);
  const channel = options.channel ?? `work_${options.table.replace(/\W/g, '_')}`;
  const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;

  return {
    table: options.table,
    channel,

    async claim(workerId, limit) {
      const now = clock.now();
      const until = new Date(now.getTime() + leaseMs);
      // Every open row was due when it was claimed, so `due_at <= now` also covers expired leases
      // and lets one index on (due_at) serve both. A row whose lease expired after its last allowed
      // attempt goes dead here instead of running again.
      const result = await sql<Row>`
        update ${table} as t set
          state = case when p.exhausted then 'dead' else 'running' end,
          attempts = case when p.exhausted then t.attempts else t.attempts + 1 end,
          leased_by = case when p.exhausted then t.leased_by else ${workerId} end,
          lease_expires_at = case when p.exhausted then null else ${at(until)} end,
          last_error = case when p.exhausted
            then 'lease expired after ' || t.attempts || ' attempts' else t.last_error end
        from (
          select id, (state = 'running' and attempts >= ${maxAttempts}) as exhausted
          from ${table}
          where state in ('pending', 'running') and due_at <= ${at(now)}
            and (state = 'pending' or lease_expires_at < ${at(now)})
          order by due_at
          limit ${limit}
          for update skip locked
        ) as p
        where t.id = p.id
        returning t.*
      `.execute(db);
      return result.rows.filter((row) => row.state === 'running');
    },

    async complete(id, workerId, executor = db) {
      const result = await sql`
        update ${table} set state = 'done', lease_expires_at = null, last_error = null
        where id = ${id} and state = 'running' and leased_by = ${workerId}
        returning id
      `.execute(executor);
      return result.rows.length === 1;
    },

    async completeMany(ids, workerId, executor = db) {
      if (ids.length === 0) return [];
      const result = await sql<{ id: number }>`
        update ${table} set state = 'done', lease_expires_at = null, last_error = null
        where id = any(${sql.val([...ids])}::bigint[]) and state = 'running' and leased_by = ${workerId}
        returning id
      `.execute(executor);
      return result.rows.map((row) => row.id);
    },

    async fail(id, workerId, error) {
      const now = clock.now();
      // delay = min(max, base * 2^(attempts - 1)) scaled by the jitter factor; attempts already
      // counts the attempt that just failed.
      const factor = jitterFactor(backoff.jitter ?? 'equal', random());
      const result = await sql<{ state: 'pending' | 'dead'; attempts: number; due_at: Date }>`
        update ${table} set
          state = case when attempts >= ${maxAttempts} then 'dead' else 'pending' end,
          due_at = case when attempts >= ${maxAttempts} then due_at else ${at(now)} +
            least(${backoff.maxMs}::float8, ${backoff.baseMs}::float8 * power(2, least(attempts - 1, 60)))
              * ${factor}::float8 * interval '1 millisecond' end,
          lease_expires_at = null,
          last_error = ${describeError(error)}
        where id = ${id} and state = 'running' and leased_by = ${workerId}
        returning state, attempts, due_at
      `.execute(db);
      const row = result.rows[0];
      return row ? { state: row.state, attempts: row.attempts, dueAt: new Date(row.due_at) } : null;
    },

    async release(id, workerId) {
      const result = await sql`
        update ${table} set state = 'pending', attempts = greatest(attempts - 1, 0), lease_expires_at = null
        where id = ${id} and state = 'running' and leased_by = ${workerId}
        returning id
      `.execute(db);
      return result.rows.length === 1;
    },

    async notify(executor = db) {
      await sql`select pg_notify(${channel}, '')`.execute(executor);
    },
  };
}

/** The text kept in `last_error`: the message, bounded so a huge error cannot bloat the row. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
}
