import { type Kysely, sql } from 'kysely';

// Complaints, the refs that reached each one (merged duplicates and retries), their history, the
// versioned SLA policies and the clocks each complaint runs.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table sla_policies (
      id bigint generated always as identity primary key,
      level smallint not null check (level between 1 and 3),
      category text not null check (category in ('quality', 'logistics', 'service', 'advertising', 'other', '*')),
      targets jsonb not null,
      calendar text not null default 'always' check (calendar in ('always', 'team')),
      created_at timestamptz not null,
      created_by text not null,
      superseded_at timestamptz
    )`.execute(db);
  // One current policy per level and category; older versions stay for the complaints that use them.
  await sql`
    create unique index sla_policies_current on sla_policies (level, category) where superseded_at is null
  `.execute(db);

  // The defaults of DOMAIN.md as data (PUT /v1/sla-policies changes them; minutes): level 2 by
  // category (quality 30 min, service attitude 1 h, logistics 2 h to first contact), level 1 tighter,
  // level 3 (suggestions) within days. All on calendar time (24/7) until a team calendar is chosen.
  const targets = (
    first: number,
    solution: number,
    complex: number,
    progress: number,
    internal: number,
    warning: number,
  ) =>
    JSON.stringify({
      first_contact: first,
      solution,
      solution_complex: complex,
      progress_update: progress,
      confirmation: 60,
      satisfaction_callback: 1440,
      internal_reply: internal,
      warning_before: warning,
    });
  const defaults: [number, string, string][] = [
    [1, '*', targets(15, 120, 480, 60, 60, 10)],
    [2, '*', targets(30, 240, 480, 120, 60, 15)],
    [2, 'service', targets(60, 240, 480, 120, 60, 15)],
    [2, 'logistics', targets(120, 240, 480, 120, 60, 15)],
    [3, '*', targets(1440, 7200, 14400, 2880, 480, 60)],
  ];
  for (const [level, category, json] of defaults) {
    await sql`
      insert into sla_policies (level, category, targets, calendar, created_at, created_by)
      values (${level}, ${category}, ${json}::jsonb, 'always', now(), 'default')
    `.execute(db);
  }

  await sql`
    create table complaints (
      id bigint generated always as identity primary key,
      external_ref text not null unique,
      customer_id bigint not null references customers (id),
      order_id bigint references orders (id),
      product_id bigint references products (id),
      channel text not null check (channel in ('phone', 'chat', 'email', 'social', 'marketplace')),
      category text not null check (category in ('quality', 'logistics', 'service', 'advertising', 'other')),
      category_inferred boolean not null,
      text text not null,
      team text not null,
      level smallint not null check (level between 1 and 3),
      level_reasons jsonb not null,
      status text not null check (status in ('open', 'waiting_customer', 'resolved', 'closed')),
      policy_id bigint not null references sla_policies (id),
      -- customer:order or customer:sku while open; one open complaint per key (duplicates merge).
      dedupe_key text,
      merged_count int not null default 0,
      opened_at timestamptz not null,
      resolved_at timestamptz,
      closed_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`
    create unique index complaints_open_dedupe on complaints (dedupe_key)
    where dedupe_key is not null and status in ('open', 'waiting_customer')
  `.execute(db);
  await sql`create index complaints_customer on complaints (customer_id, opened_at)`.execute(db);
  await sql`create index complaints_status_level on complaints (status, level, id)`.execute(db);
  await sql`create index complaints_product on complaints (product_id, opened_at) where product_id is not null`.execute(
    db,
  );

  // Every external ref that reached a complaint: its own, retries answer from here, merged duplicates.
  await sql`
    create table complaint_refs (
      external_ref text primary key,
      complaint_id bigint not null references complaints (id),
      merged boolean not null,
      text text not null,
      received_at timestamptz not null
    )`.execute(db);
  await sql`create index complaint_refs_complaint on complaint_refs (complaint_id)`.execute(db);

  await sql`
    create table complaint_history (
      id bigint generated always as identity primary key,
      complaint_id bigint not null references complaints (id),
      at timestamptz not null,
      type text not null,
      actor text not null,
      note text,
      details jsonb not null default '{}'
    )`.execute(db);
  await sql`create index complaint_history_complaint on complaint_history (complaint_id, id)`.execute(db);

  await sql`
    create table complaint_clocks (
      id bigint generated always as identity primary key,
      complaint_id bigint not null references complaints (id),
      kind text not null check (kind in ('first_contact', 'solution', 'progress_update', 'confirmation',
        'satisfaction_callback', 'internal_reply')),
      state text not null check (state in ('running', 'paused', 'met', 'breached', 'cancelled')),
      started_at timestamptz not null,
      due_at timestamptz not null,
      target_ms bigint not null,
      remaining_ms bigint,
      ended_at timestamptz
    )`.execute(db);
  await sql`create index complaint_clocks_complaint on complaint_clocks (complaint_id, kind)`.execute(db);
  await sql`create index complaint_clocks_running_due on complaint_clocks (due_at) where state = 'running'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'complaint_clocks',
    'complaint_history',
    'complaint_refs',
    'complaints',
    'sla_policies',
  ]) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}
