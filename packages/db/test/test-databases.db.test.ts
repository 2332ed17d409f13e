// How test databases are named: .ci/run drops only the databases named after its own run.
import { createTestDatabase, testDatabaseName } from '@aftercare/db/testing';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('test database names', () => {
  it("carry the run's id from AFTERCARE_TEST_RUN, so a clean-up can tell its own from another run's", () => {
    expect(testDatabaseName('aftercare_t', '1763900000_42', 'a1b2c3d4e5f6')).toBe(
      'aftercare_t_1763900000_42_a1b2c3d4e5f6',
    );
    expect(testDatabaseName('aftercare_bench', '1763900000_42', 'a1b2c3d4e5f6')).toBe(
      'aftercare_bench_1763900000_42_a1b2c3d4e5f6',
    );
    vi.stubEnv('AFTERCARE_TEST_RUN', 'run7');
    expect(testDatabaseName()).toMatch(/^aftercare_t_run7_[0-9a-f]{12}$/);
  });

  it('stay as they were without a run id', () => {
    vi.stubEnv('AFTERCARE_TEST_RUN', '');
    expect(testDatabaseName()).toMatch(/^aftercare_t_[0-9a-f]{12}$/);
    expect(testDatabaseName('aftercare_t', undefined, 'a1b2c3d4e5f6')).toBe('aftercare_t_a1b2c3d4e5f6');
    expect(testDatabaseName('aftercare_t', '', 'a1b2c3d4e5f6')).toBe('aftercare_t_a1b2c3d4e5f6');
  });

  it('refuse a run id that would not be one lower-case identifier within the length limit', () => {
    for (const run of ['CI-7', 'x; drop database test', 'R1', 'a'.repeat(31)]) {
      expect(() => testDatabaseName('aftercare_t', run)).toThrow('AFTERCARE_TEST_RUN must be');
    }
    const longest = testDatabaseName('aftercare_bench', 'a'.repeat(30));
    expect(longest.length).toBeLessThanOrEqual(63);
  });

  it.runIf(process.env.TEST_DATABASE_URL)('are what the server holds, until dispose drops it', async () => {
    vi.stubEnv('AFTERCARE_TEST_RUN', 'e2e_naming');
    const database = await createTestDatabase({ migrate: false });
    const name = new URL(database.url!).pathname.slice(1);
    try {
      expect(name).toMatch(/^aftercare_t_e2e_naming_[0-9a-f]{12}$/);
      const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(database.db);
      expect(rows[0]?.name).toBe(name);
    } finally {
      await database.dispose();
    }
    const probe = await createTestDatabase({ migrate: false });
    try {
      const { rows } = await sql`select 1 from pg_database where datname = ${name}`.execute(probe.db);
      expect(rows, `${name} is still on the server`).toHaveLength(0);
    } finally {
      await probe.dispose();
    }
  });
});
