import { type Kysely, sql } from 'kysely';

// Care teams (their business calendar and supervisor), the staff who work in them (position in the
// escalation chain and working hours), each complaint's owner, and the escalations of breached clocks, one per clock and
// step so no replica records one twice. A breached clock is `settled` when its work is finally done
// (a late first contact), which stops its escalation climbing.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table teams (
      key text primary key,
      name text not null,
      -- A business calendar (zone, weekly shifts, holidays); null counts calendar time (24/7).
      calendar jsonb,
      supervisor_id bigint references users (id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);
  // The teams complaints are routed to by default, so a fresh install can take complaints at once.
  for (const [key, name] of [
    ['quality', 'Product quality'],
    ['logistics', 'Logistics and delivery'],
    ['service', 'After-sales service'],
    ['general', 'General desk'],
  ]) {
    await sql`insert into teams (key, name, created_at, updated_at) values (${key}, ${name}, now(), now())`.execute(
      db,
    );
  }

  await sql`
    create table staff (
      user_id bigint primary key references users (id),
      team text references teams (key),
      position text not null check (position in ('agent', 'team_lead', 'supervisor', 'duty_manager', 'head_of_care')),
      -- A business calendar of the person's shifts; null is always on duty.
      working_hours jsonb,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create index staff_position on staff (position, team)`.execute(db);

  // A complaint's owner: set by routing (the least-loaded person on duty) or by hand.
  await sql`alter table complaints add column assignee_id bigint references users (id)`.execute(db);
  await sql`create index complaints_assignee on complaints (assignee_id, status) where assignee_id is not null`.execute(
    db,
  );
  await sql`alter table complaint_clocks add column settled_at timestamptz`.execute(db);

  // Things an agent must do for a case that no clock covers: telling the customer a complex case
  // takes longer. Done by the case event that does it.
  await sql`
    create table complaint_tasks (
      id bigint generated always as identity primary key,
      complaint_id bigint not null references complaints (id),
      kind text not null check (kind in ('inform_customer_complex')),
      due_at timestamptz not null,
      note text,
      created_at timestamptz not null,
      done_at timestamptz
    )`.execute(db);
  await sql`create index complaint_tasks_complaint on complaint_tasks (complaint_id, id)`.execute(db);

  await sql`
    create table escalations (
      id bigint generated always as identity primary key,
      complaint_id bigint not null references complaints (id),
      clock_id bigint not null references complaint_clocks (id),
      step smallint not null check (step between 1 and 9),
      position text not null,
      assignee_id bigint references users (id),
      status text not null check (status in ('open', 'acknowledged', 'resolved')),
      created_at timestamptz not null,
      -- When the assignee is to be reminded: now, or the start of their next shift when deferred.
      remind_at timestamptz not null,
      deferred boolean not null,
      acknowledged_at timestamptz,
      acknowledged_by text,
      resolved_at timestamptz,
      unique (clock_id, step)
    )`.execute(db);
  await sql`create index escalations_complaint on escalations (complaint_id, id)`.execute(db);
  await sql`create index escalations_assignee on escalations (assignee_id, id)`.execute(db);
  await sql`create index escalations_open on escalations (status, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table escalations`.execute(db);
  await sql`drop table complaint_tasks`.execute(db);
  await sql`alter table complaint_clocks drop column settled_at`.execute(db);
  await sql`alter table complaints drop column assignee_id`.execute(db);
  await sql`drop table staff`.execute(db);
  await sql`drop table teams`.execute(db);
}
