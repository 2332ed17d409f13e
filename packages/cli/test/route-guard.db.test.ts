import { createApiToken, ROLES, revokeApiToken } from '@aftercare/auth';
import type { OwnedContext } from '@aftercare/context';
import type { Role } from '@aftercare/db';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createTestApp, createTestContext, type TestRequest } from '@aftercare/http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modulesFor } from '../src/targets.js';

/**
 * Guards every operation of the whole product, present and future: it walks /openapi.json of the
 * process that mounts everything, so a route added without auth, without its roles in the document,
 * or that answers a bad body with a 500, fails here without anyone writing a test for it.
 */

interface Operation {
  method: string;
  path: string;
  roles: Role[] | undefined;
  mediaTypes: string[];
  responses: string[];
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        'x-roles'?: Role[];
        requestBody?: { content: Record<string, unknown> };
        responses: Record<string, unknown>;
      }
    >
  >;
}

function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/v1/'))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        roles: operation['x-roles'],
        mediaTypes: Object.keys(operation.requestBody?.content ?? {}),
        responses: Object.keys(operation.responses),
      })),
    );
}

/** A concrete URL for a documented path: every `{param}` gets a plausible value. */
function urlOf(operation: Operation): string {
  return operation.path.replace(/\{[^}]+\}/g, 'guard-1');
}

/** A body of the operation's first media type that looks valid enough to pass a media-type check. */
function plausibleBody(operation: Operation): RequestInit {
  const [type] = operation.mediaTypes;
  if (!type) return {};
  const body =
    type === 'application/json' ? '{}' : type === 'application/x-www-form-urlencoded' ? 'a=b' : '{}\n';
  return { body, headers: { 'Content-Type': type } };
}

describe(`every /v1 operation on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let ctx: OwnedContext;
  let request: TestRequest;
  let tokens: Record<Role, string>;
  let revoked: string;
  let operations: Operation[];

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await createTestContext(database);
    ({ request, tokens } = await createTestApp(ctx, (c) => modulesFor('all', c)));
    const created = await createApiToken(ctx, {
      name: 'revoked for the guard',
      role: 'admin',
      createdBy: 'test',
    });
    await revokeApiToken(ctx, { id: created.id, actor: 'test' });
    revoked = created.token;
    operations = operationsOf((await (await request('/openapi.json')).json()) as OpenApiDocument);
  });
  afterAll(async () => {
    await ctx?.close();
    await database?.dispose();
  });

  it('finds the operations to guard', () => {
    expect(operations.length, 'operations under /v1 in /openapi.json').toBeGreaterThan(5);
  });

  it('declares the roles of each operation as x-roles', () => {
    const undeclared = operations.filter(
      (op) =>
        !Array.isArray(op.roles) || op.roles.length === 0 || op.roles.some((role) => !ROLES.includes(role)),
    );
    expect(undeclared.map((op) => `${op.method} ${op.path}`)).toEqual([]);
  });

  it('declares its error responses: 400, 401, 403, 429 and 503 at least', () => {
    const missing = operations.flatMap((op) =>
      ['400', '401', '403', '429', '503']
        .filter((status) => !op.responses.includes(status))
        .map((status) => `${op.method} ${op.path} lacks ${status}`),
    );
    expect(missing).toEqual([]);
  });

  it('answers 401 without a token and with a revoked one', async () => {
    const answers: string[] = [];
    for (const op of operations) {
      for (const token of [undefined, revoked]) {
        const res = await request(urlOf(op), { method: op.method, token, ...plausibleBody(op) });
        if (res.status !== 401)
          answers.push(`${op.method} ${op.path} ${token ? 'revoked' : 'no token'}: ${res.status}`);
      }
    }
    expect(answers).toEqual([]);
  });

  it('answers 403 to every role the operation does not list, before looking at the input', async () => {
    const answers: string[] = [];
    for (const op of operations) {
      for (const role of ROLES.filter((r) => r !== 'admin' && !op.roles?.includes(r))) {
        const res = await request(urlOf(op), {
          method: op.method,
          token: tokens[role],
          ...plausibleBody(op),
        });
        if (res.status !== 403) answers.push(`${op.method} ${op.path} as ${role}: ${res.status}`);
      }
    }
    expect(answers).toEqual([]);
  });

  it('answers a bad body with problem+json, never a 500', async () => {
    const badBodies = (op: Operation): RequestInit[] => {
      if (op.mediaTypes.length === 0) {
        return [{ body: '{"unexpected": true}', headers: { 'Content-Type': 'application/json' } }];
      }
      const type = op.mediaTypes[0]!;
      return [
        { body: '{"items": [', headers: { 'Content-Type': type } },
        { body: '[1, 2, 3]', headers: { 'Content-Type': type } },
        { body: '{"unexpected": "\\u0000"}', headers: { 'Content-Type': type } },
        { body: 'plain words', headers: { 'Content-Type': 'text/plain' } },
      ];
    };
    const answers: string[] = [];
    for (const op of operations.filter((o) => ['POST', 'PUT', 'PATCH'].includes(o.method))) {
      for (const init of badBodies(op)) {
        const res = await request(urlOf(op), { method: op.method, token: tokens.admin, ...init });
        const type = res.headers.get('content-type') ?? '';
        if (res.status >= 500 || res.status < 400 || !type.startsWith('application/problem+json')) {
          answers.push(
            `${op.method} ${op.path} with ${String(init.body).slice(0, 20)}: ${res.status} ${type}`,
          );
        }
      }
    }
    expect(answers).toEqual([]);
  });
});
