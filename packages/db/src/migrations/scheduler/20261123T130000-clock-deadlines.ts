import { type Kysely, sql } from 'kysely';

// The moments a running clock needs attention (a warning before it runs out, the breach itself, each
// escalation step while it stays breached) as a work table, claimed when due: breaches are seen within
// seconds, not on a sweep. One row per clock and step, so no replica records one twice.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table clock_deadlines (
      id bigint generated always as identity primary key,
      clock_id bigint not null references complaint_clocks (id),
      step text not null check (step ~ '^(warning|breach|escalate:[1-9])$'),
      state text not null default 'pending' check (state in ('pending', 'running', 'done', 'dead')),
      due_at timestamptz not null,
      attempts int not null default 0,
      lease_expires_at timestamptz,
      leased_by text,
      last_error text,
      unique (clock_id, step)
    )`.execute(db);
  await sql`create index clock_deadlines_work_due on clock_deadlines (due_at) where state in ('pending', 'running')`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table clock_deadlines`.execute(db);
}
