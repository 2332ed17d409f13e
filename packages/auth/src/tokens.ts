import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database, Role } from '@aftercare/db';
import { type Clock, NotFoundError } from '@aftercare/runtime';
import type { Kysely } from 'kysely';

export const ROLES = [
  'admin',
  'supervisor',
  'agent',
  'marketing',
  'ingest',
] as const satisfies readonly Role[];

/** Who is asking: resolved from a bearer token (or, with the console, a session). */
export interface Principal {
  /** "token:12", "bootstrap", later "user:3": what the audit log records as the actor. */
  actor: string;
  name: string;
  role: Role;
}

const TOKEN_PREFIX = 'ac_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Creates a machine token; the clear token is returned once and only its hash is stored.
 * @example const { token } = await createApiToken(db, clock, { name: 'review feed', role: 'ingest', createdBy: 'cli' });
 */
export async function createApiToken(
  db: Kysely<Database>,
  clock: Clock,
  input: { name: string; role: Role; createdBy: string; expiresAt?: Date | null },
): Promise<{ token: string; id: number; name: string; role: Role; expiresAt: Date | null }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await db
    .insertInto('api_tokens')
    .values({
      name: input.name,
      role: input.role,
      token_hash: hashToken(token),
      token_prefix: token.slice(0, 8),
      created_by: input.createdBy,
      created_at: clock.now(),
      expires_at: input.expiresAt ?? null,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('audit_log')
    .values({
      at: clock.now(),
      actor: input.createdBy,
      action: 'api-token.created',
      entity: 'api_token',
      entity_id: String(row.id),
      details: JSON.stringify({ name: input.name, role: input.role }),
    })
    .execute();
  return { token, id: row.id, name: input.name, role: input.role, expiresAt: input.expiresAt ?? null };
}

/** The principal a token stands for, or null when it is unknown, revoked or expired. */
export async function verifyApiToken(
  db: Kysely<Database>,
  clock: Clock,
  token: string,
): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const now = clock.now();
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'last_used_at'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  if (!row) return null;
  // One write a minute at most, so a busy feed does not turn every read into a write.
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { actor: `token:${row.id}`, name: row.name, role: row.role };
}

/** Whether `presented` is the bootstrap token, compared in constant time. */
export function isBootstrapToken(presented: string, bootstrapToken: string | undefined): boolean {
  if (!bootstrapToken) return false;
  return timingSafeEqual(
    Buffer.from(hashToken(presented), 'hex'),
    Buffer.from(hashToken(bootstrapToken), 'hex'),
  );
}

export async function revokeApiToken(
  db: Kysely<Database>,
  clock: Clock,
  id: number,
  actor: string,
): Promise<void> {
  const revoked = await db
    .updateTable('api_tokens')
    .set({ revoked_at: clock.now() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (revoked.numUpdatedRows === 0n) throw new NotFoundError(`no active API token with id ${id}`);
  await db
    .insertInto('audit_log')
    .values({
      at: clock.now(),
      actor,
      action: 'api-token.revoked',
      entity: 'api_token',
      entity_id: String(id),
      details: '{}',
    })
    .execute();
}

export async function listApiTokens(db: Kysely<Database>) {
  return db
    .selectFrom('api_tokens')
    .select([
      'id',
      'name',
      'role',
      'token_prefix',
      'created_by',
      'created_at',
      'expires_at',
      'revoked_at',
      'last_used_at',
    ])
    .orderBy('id')
    .execute();
}
