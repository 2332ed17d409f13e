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
  /** "token:12", "bootstrap": what the audit log records as the actor. */
  actor: string;
  name: string;
  role: Role;
  /** The person behind the token, when it belongs to one (users.id). */
  userId?: number | undefined;
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
  /** The person the token belongs to: an active user whose role is `role`. */
  userId?: number | undefined;
}

export interface CreatedApiToken {
  /** The clear token: shown once, never stored. */
  token: string;
  id: number;
  name: string;
  role: Role;
  expiresAt: Date | null;
  userId: number | null;
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
  const userId = input.userId ?? null;
  if (userId !== null) await checkTokenOwner(ctx, userId, input.role);
  const now = ctx.clock.now();
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_tokens')
      .values({
        name: name.data,
        role: input.role,
        user_id: userId,
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
        details: JSON.stringify({ name: name.data, role: input.role, userId }),
      })
      .execute();
    return row.id;
  });
  return { token, id, name: name.data, role: input.role, expiresAt, userId };
}

/** A person's token carries the person's own role, so a token never grants more than its owner has. */
async function checkTokenOwner(ctx: Pick<DbContext, 'db'>, userId: number, role: Role): Promise<void> {
  const user = await ctx.db
    .selectFrom('users')
    .select(['role', 'disabled_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.disabled_at !== null) {
    throw new ValidationError('the token names no active user', [
      { field: 'userId', reason: `no active user usr_${userId}` },
    ]);
  }
  if (user.role !== role) {
    throw new ValidationError("a person's token carries the person's role", [
      { field: 'role', reason: `usr_${userId} is ${user.role}, not ${role}` },
    ]);
  }
}

/** The principal a token stands for, or null when it is unknown, revoked or expired. */
export async function verifyApiToken(ctx: DbContext, token: string): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const now = ctx.clock.now();
  // A person's token stops working with the person (disabled users sign in nowhere) and when the
  // person's role changes, so a demoted admin's old token is not an admin's any more.
  const row = await ctx.db
    .selectFrom('api_tokens')
    .leftJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.role',
      'api_tokens.last_used_at',
      'api_tokens.user_id',
      'users.disabled_at',
      'users.role as user_role',
    ])
    .where('api_tokens.token_hash', '=', hashToken(token))
    .where('api_tokens.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]))
    .executeTakeFirst();
  if (!row) return null;
  if (row.user_id !== null && (row.disabled_at !== null || row.user_role !== row.role)) return null;
  // One write a minute at most, so a busy feed does not turn every read into a write.
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await ctx.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return {
    actor: `token:${row.id}`,
    name: row.name,
    role: row.role,
    ...(row.user_id !== null ? { userId: row.user_id } : {}),
  };
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
      'user_id',
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
