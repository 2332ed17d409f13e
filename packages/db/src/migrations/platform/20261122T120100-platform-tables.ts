import { type Kysely, sql } from 'kysely';

// People, machine tokens, the audit trail, the domain-event outbox and periodic-job ticks.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table users (
      id bigint generated always as identity primary key,
      email text not null unique,
      name text not null,
      role text not null check (role in ('admin', 'supervisor', 'agent', 'marketing', 'ingest')),
      password_hash text,
      disabled_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table api_tokens (
      id bigint generated always as identity primary key,
      name text not null,
      role text not null check (role in ('admin', 'supervisor', 'agent', 'marketing', 'ingest')),
      token_hash text not null unique,
      token_prefix text not null,
      created_by text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz
    )`.execute(db);

  await sql`
    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      actor text not null,
      action text not null,
      entity text not null,
      entity_id text,
      details jsonb not null default '{}'
    )`.execute(db);
  await sql`create index audit_log_entity on audit_log (entity, entity_id, at)`.execute(db);

  await sql`
    create table domain_events (
      id bigint generated always as identity primary key,
      txid xid8 not null default pg_current_xact_id(),
      type text not null,
      aggregate_type text not null,
      aggregate_id text not null,
      payload jsonb not null,
      occurred_at timestamptz not null
    )`.execute(db);
  await sql`create index domain_events_read_order on domain_events (txid, id)`.execute(db);

  await sql`
    create table event_cursors (
      consumer text primary key,
      last_txid xid8 not null,
      last_id bigint not null,
      updated_at timestamptz not null
    )`.execute(db);

  await sql`
    create table periodic_jobs (
      name text primary key,
      last_tick_at timestamptz,
      last_started_at timestamptz,
      last_finished_at timestamptz,
      last_error text,
      last_runner text
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'periodic_jobs',
    'event_cursors',
    'domain_events',
    'audit_log',
    'api_tokens',
    'users',
  ]) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}
