import { defineConfig } from 'vitest/config';
import type { Reporter } from 'vitest/reporters';

/** Ends the run with one plain line, `tests: N passed, N failed, N skipped`, that any CI can read. */
const plainSummary: Reporter = {
  onTestRunEnd(testModules) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
      if (module.state() === 'failed' && module.children.size === 0) counts.failed++;
    }
    console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  },
};

// Database suites (*.db.test.ts) run on embedded PGlite always, and again on the real server when
// TEST_DATABASE_URL is set; *.pg.test.ts need a real server (several processes on one database).
const realPostgres = process.env.TEST_DATABASE_URL;
const everywhere = ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'test/**/*.test.ts'];

if (!realPostgres) {
  console.warn('TEST_DATABASE_URL is not set: the real-PostgreSQL project is left out (PGlite only).');
}

export default defineConfig({
  test: {
    reporters: ['default', plainSummary],
    testTimeout: 30_000,
    // Vitest's default on a 2-core machine is one worker; most suites wait on PostgreSQL, child
    // processes or NATS, so two files at a time nearly halve the run.
    maxWorkers: 2,
    // Tests stand alone: any order must pass, so every run uses a new one (the seed is printed).
    sequence: { shuffle: true },
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'pglite',
          include: everywhere,
          exclude: ['**/node_modules/**', '**/*.pg.test.ts'],
          env: { TEST_DATABASE_URL: '' },
        },
      },
      ...(realPostgres
        ? [
            {
              extends: true,
              test: {
                name: 'postgres',
                include: [
                  ...everywhere.map((glob) => glob.replace('*.test.ts', '*.db.test.ts')),
                  '**/*.pg.test.ts',
                ],
                exclude: ['**/node_modules/**'],
                env: { TEST_DATABASE_URL: realPostgres },
              },
            },
          ]
        : []),
    ],
  },
});
