import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { ManualClock, NotFoundError } from '@aftercare/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.dispose());

  it('shows the token once and stores only its hash', async () => {
    const created = await createApiToken(database.db, clock, {
      name: 'review feed',
      role: 'ingest',
      createdBy: 'cli',
    });
    expect(created.token).toMatch(/^ac_[A-Za-z0-9_-]{43}$/);
    const stored = await database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(created.token);
    expect(await verifyApiToken(database.db, clock, created.token)).toEqual({
      actor: `token:${created.id}`,
      name: 'review feed',
      role: 'ingest',
    });
  });

  it('rejects unknown, revoked and expired tokens', async () => {
    expect(await verifyApiToken(database.db, clock, 'ac_not-a-real-token')).toBeNull();
    expect(await verifyApiToken(database.db, clock, 'Bearer nonsense')).toBeNull();

    const revoked = await createApiToken(database.db, clock, {
      name: 'old',
      role: 'agent',
      createdBy: 'cli',
    });
    await revokeApiToken(database.db, clock, revoked.id, 'cli');
    expect(await verifyApiToken(database.db, clock, revoked.token)).toBeNull();
    await expect(revokeApiToken(database.db, clock, revoked.id, 'cli')).rejects.toThrow(NotFoundError);

    const expiring = await createApiToken(database.db, clock, {
      name: 'temp',
      role: 'agent',
      createdBy: 'cli',
      expiresAt: new Date('2026-03-01T10:00:00Z'),
    });
    expect(await verifyApiToken(database.db, clock, expiring.token)).not.toBeNull();
    clock.set('2026-03-01T10:00:01Z');
    expect(await verifyApiToken(database.db, clock, expiring.token)).toBeNull();
  });

  it('records who created and revoked tokens in the audit log', async () => {
    const actions = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'api_token')
      .execute();
    expect(actions.map((a) => a.action)).toContain('api-token.revoked');
    expect((await listApiTokens(database.db)).map((t) => t.name)).toEqual(['review feed', 'old', 'temp']);
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
