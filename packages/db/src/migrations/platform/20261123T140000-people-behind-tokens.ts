import { type Kysely, sql } from 'kysely';

// People: a user's phone (staff are reached by phone when an escalation cannot wait), and the user an
// API token belongs to, so a service knows which person is calling (the console signs in the same users).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column phone text`.execute(db);
  await sql`alter table api_tokens add column user_id bigint references users (id)`.execute(db);
  await sql`create index api_tokens_user on api_tokens (user_id) where user_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table api_tokens drop column user_id`.execute(db);
  await sql`alter table users drop column phone`.execute(db);
}
