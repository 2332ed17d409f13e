import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '@aftercare/db';
import { type DbContext, NotFoundError, ValidationError } from '@aftercare/runtime';
import { plainText, toFieldProblems } from '@aftercare/schemas';

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

/** A token's name: who or what uses it, shown in lists and the audit log. */
export const tokenName = plainText(100);

export interface NewApiTokenInput {
  name: string;
  role: Role;
  /** The actor creating it ("cli", "token:3"), recorded in the audit log. */
  createdBy: string;
  expiresInDays?: number | undefined;
}

export interface CreatedApiToken {
  /** The clear token: shown once, never stored. */
  token: string;
  id: number;
  name: string;
  role: Role;
  expiresAt: Date | null;
}

/**
 * Creates a machine token and its audit entry in one transaction; the clear token is returned once
 * and only its hash is stored. The CLI and `POST /v1/tokens` both come here.
 * @example const { token } = await createApiToken(ctx, { name: 'review feed', role: 'ingest', createdBy: 'cli' });
 */
export async function createApiToken(ctx: DbContext, input: NewApiTokenInput): Promise<CreatedApiToken> {
  const name = tokenName.safeParse(input.name);
  if (!name.success) {
    const errors = toFieldProblems(name.error.issues).map((problem) => ({ ...problem, field: 'name' }));
    throw new ValidationError('the token name is not plain text', errors);
  }
  const now = ctx.clock.now();
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_tokens')
      .values({
        name: name.data,
        role: input.role,
        token_hash: hashToken(token),
        token_prefix: token.slice(0, 8),
        created_by: input.createdBy,
        created_at: now,
        expires_at: expiresAt,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('audit_log')
      .values({
        at: now,
        actor: input.createdBy,
        action: 'api-token.created',
        entity: 'api_token',
        entity_id: String(row.id),
        details: JSON.stringify({ name: name.data, role: input.role }),
      })
      .execute();
    return row.id;
  });
  return { token, id, name: name.data, role: input.role, expiresAt };
}

/** The principal a token stands for, or null when it is unknown, revoked or expired. */
export async function verifyApiToken(ctx: DbContext, token: string): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const now = ctx.clock.now();
  const row = await ctx.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'last_used_at'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  if (!row) return null;
  // One write a minute at most, so a busy feed does not turn every read into a write.
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await ctx.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
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

/** Revokes a token (it stops working at once) and records who did it, in one transaction. */
export async function revokeApiToken(ctx: DbContext, input: { id: number; actor: string }): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const revoked = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('id', '=', input.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (revoked.numUpdatedRows === 0n) throw new NotFoundError(`no active API token with id ${input.id}`);
    await trx
      .insertInto('audit_log')
      .values({
        at: now,
        actor: input.actor,
        action: 'api-token.revoked',
        entity: 'api_token',
        entity_id: String(input.id),
        details: '{}',
      })
      .execute();
  });
}

export async function listApiTokens(ctx: Pick<DbContext, 'db'>) {
  return ctx.db
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
