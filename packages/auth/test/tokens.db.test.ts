import { countRows, createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { ManualClock, NotFoundError, ValidationError } from '@aftercare/runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createApiToken,
  isBootstrapToken,
  listApiTokens,
  revokeApiToken,
  roleAllows,
  verifyApiToken,
} from '../src/index.js';

describe(`API tokens on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  const clock = new ManualClock('2026-03-01T09:00:00Z');
  const ctx = {
    get db() {
      return database.db;
    },
    clock,
  };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  beforeEach(async () => {
    clock.set('2026-03-01T09:00:00Z');
    await database.db.deleteFrom('audit_log').execute();
    await database.db.deleteFrom('api_tokens').execute();
  });
  afterAll(async () => database?.dispose());

  it('shows the token once and stores only its hash', async () => {
    const created = await createApiToken(ctx, { name: 'review feed', role: 'ingest', createdBy: 'cli' });
    expect(created.token).toMatch(/^ac_[A-Za-z0-9_-]{43}$/);
    const stored = await database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(created.token);
    expect(await verifyApiToken(ctx, created.token)).toEqual({
      actor: `token:${created.id}`,
      name: 'review feed',
      role: 'ingest',
    });
  });

  it('refuses unknown, revoked and expired tokens', async () => {
    expect(await verifyApiToken(ctx, 'ac_not-a-real-token')).toBeNull();
    expect(await verifyApiToken(ctx, 'Bearer nonsense')).toBeNull();
    const revoked = await createApiToken(ctx, { name: 'old', role: 'agent', createdBy: 'cli' });
    await revokeApiToken(ctx, { id: revoked.id, actor: 'cli' });
    expect(await verifyApiToken(ctx, revoked.token)).toBeNull();
    await expect(revokeApiToken(ctx, { id: revoked.id, actor: 'cli' })).rejects.toThrow(NotFoundError);

    const expiring = await createApiToken(ctx, {
      name: 'temp',
      role: 'agent',
      createdBy: 'cli',
      expiresInDays: 1,
    });
    expect(expiring.expiresAt?.toISOString()).toBe('2026-03-02T09:00:00.000Z');
    clock.set('2026-03-02T08:59:59Z');
    expect(await verifyApiToken(ctx, expiring.token)).not.toBeNull();
    clock.set('2026-03-02T09:00:01Z');
    expect(await verifyApiToken(ctx, expiring.token)).toBeNull();
  });

  it('records who created and revoked tokens in the audit log', async () => {
    const created = await createApiToken(ctx, { name: 'review feed', role: 'ingest', createdBy: 'token:7' });
    await revokeApiToken(ctx, { id: created.id, actor: 'cli' });
    const entries = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'entity_id'])
      .where('entity', '=', 'api_token')
      .orderBy('id')
      .execute();
    expect(entries).toEqual([
      { action: 'api-token.created', actor: 'token:7', entity_id: String(created.id) },
      { action: 'api-token.revoked', actor: 'cli', entity_id: String(created.id) },
    ]);
    expect((await listApiTokens(ctx)).map((t) => t.name)).toEqual(['review feed']);
  });

  it('refuses a name that is not plain text and writes nothing, not even half', async () => {
    for (const name of ['a\ud800b', 'a\u0000b', '<b>feed</b>', 'feed\u202Egnp.exe', '   ']) {
      const attempt = createApiToken(ctx, { name, role: 'admin', createdBy: 'cli' });
      await expect(attempt, JSON.stringify(name)).rejects.toThrow(ValidationError);
    }
    expect(await countRows(database.db, 'api_tokens')).toBe(0);
    expect(await countRows(database.db, 'audit_log')).toBe(0);
  });
});

describe('roles and the bootstrap token', () => {
  it('lets an admin do what any role may', () => {
    expect(roleAllows('admin', ['ingest'])).toBe(true);
    expect(roleAllows('agent', ['supervisor'])).toBe(false);
    expect(roleAllows('supervisor', ['supervisor', 'agent'])).toBe(true);
  });

  it('matches the bootstrap token exactly', () => {
    const bootstrap = 'a-bootstrap-token-of-24-chars';
    expect(isBootstrapToken(bootstrap, bootstrap)).toBe(true);
    expect(isBootstrapToken(`${bootstrap}x`, bootstrap)).toBe(false);
    expect(isBootstrapToken(bootstrap, undefined)).toBe(false);
  });
});
