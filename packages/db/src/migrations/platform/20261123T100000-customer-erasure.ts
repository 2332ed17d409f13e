import { type Kysely, sql } from 'kysely';

// When a customer's personal data was erased (PIPL / GDPR request); null while it is held. An erased
// row stays so orders, counts and aggregates keep their customer; upserts leave it alone.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table customers add column erased_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table customers drop column erased_at`.execute(db);
}
