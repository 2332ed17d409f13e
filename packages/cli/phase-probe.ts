const t = performance.now();
const lap = (label: string) => console.log(label, Math.round(performance.now() - t));
const { readEnv, toConfig } = await import('@aftercare/config');
lap('config');
const { openDatabase, pendingMigrations, migrateToLatest } = await import('@aftercare/db');
lap('db module');
const { createHttpApp, createMetricsRegistry } = await import('@aftercare/http');
lap('http module');
const { modulesFor } = await import('./src/targets.ts');
lap('targets module');
const config = toConfig(readEnv(process.env));
const h = await openDatabase(config.db);
lap('open pglite');
await migrateToLatest(h.db);
lap('migrate');
await pendingMigrations(h.db);
lap('pending');
const ctx = {
  config,
  db: h.db,
  database: h,
  logger: (await import('@aftercare/logger')).createLogger({ level: 'warn' }),
  clock: { now: () => new Date() },
  shutdown: new AbortController().signal,
};
const app = createHttpApp(ctx as never, modulesFor('all', ctx as never), createMetricsRegistry());
lap('app');
await app.request('/readyz');
lap('readyz');
const c1 = performance.now();
await h.close();
lap(`close ${Math.round(performance.now() - c1)}`);
