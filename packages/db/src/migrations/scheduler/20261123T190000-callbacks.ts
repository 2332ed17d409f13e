import { type Kysely, sql } from 'kysely';

// The callback queue agents work: post-resolution, periodic, proactive and follow-up calls, each with
// the questionnaire version it asks, and the answers the customer gave. Claimed with FOR UPDATE SKIP
// LOCKED in urgency order (level, post-resolution first, VIP, due time) within calling hours.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table callbacks (
      id bigint generated always as identity primary key,
      kind text not null check (kind in ('confirmation', 'satisfaction', 'periodic', 'proactive', 'follow_up')),
      customer_id bigint not null references customers (id),
      complaint_id bigint references complaints (id),
      clock_id bigint unique references complaint_clocks (id),
      plan_id bigint,
      -- What else planned it: the risk alert (alr_12) a proactive care call answers.
      source_ref text,
      questionnaire_key text not null,
      questionnaire_version int not null,
      level smallint check (level between 1 and 3),
      vip boolean not null default false,
      due_at timestamptz not null,
      window_end timestamptz not null,
      status text not null default 'pending'
        check (status in ('pending', 'claimed', 'completed', 'unreachable', 'cancelled')),
      attempts int not null default 0 check (attempts >= 0),
      max_attempts int not null default 3 check (max_attempts >= 1),
      next_attempt_at timestamptz,
      agent text,
      agent_user_id bigint references users (id),
      lease_expires_at timestamptz,
      outcome text check (outcome in ('reached', 'no_answer', 'busy', 'wrong_number', 'call_later', 'refused')),
      note text,
      -- What a dissatisfied answer set off: complaint_reopened, or follow_up_planned (cb_N).
      follow_up text,
      call_at timestamptz,
      created_at timestamptz not null,
      completed_at timestamptz,
      foreign key (questionnaire_key, questionnaire_version) references questionnaire_versions (key, version),
      check (window_end >= due_at),
      check (status <> 'claimed' or (agent is not null and lease_expires_at is not null))
    )`.execute(db);
  // The claim walks open rows in its order; finished rows drop out of the index.
  await sql`
    create index callbacks_claim on callbacks
      (coalesce(level, 4), (kind in ('confirmation', 'satisfaction')) desc, vip desc, due_at, id)
      where status in ('pending', 'claimed')`.execute(db);
  await sql`create index callbacks_customer on callbacks (customer_id, id)`.execute(db);
  await sql`create index callbacks_complaint on callbacks (complaint_id) where complaint_id is not null`.execute(
    db,
  );
  await sql`create index callbacks_plan on callbacks (plan_id) where plan_id is not null`.execute(db);
  // One proactive call per alert and customer, however often the alert's event is read.
  await sql`
    create unique index callbacks_source on callbacks (source_ref, customer_id)
    where source_ref is not null`.execute(db);
  await sql`
    create table callback_answers (
      callback_id bigint not null references callbacks (id),
      question_id text not null,
      text text,
      value jsonb,
      answered_at timestamptz not null,
      primary key (callback_id, question_id)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table callback_answers`.execute(db);
  await sql`drop table callbacks`.execute(db);
}
