import type { AftercareConfig } from '@aftercare/config';
import { openDatabase } from '@aftercare/db';
import type { RunningAftercare } from './app.js';
import type { Target } from './target-names.js';

/**
 * `aftercare start`: serve until SIGTERM or SIGINT, then drain. Signals are taken from the first
 * moment, so one that arrives while migrating or seeding still ends in a clean stop.
 */
export async function runStart(
  config: AftercareConfig,
  options: { target: Target; demo?: boolean },
): Promise<void> {
  const stopping = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping.signal.aborted) return;
    stopping.abort(signal);
    // A stop that overruns the timeout ends the process at once.
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 1_000).unref();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  // The embedded engine boots while the HTTP modules load: start-up pays for the slower of the two.
  const opening = openDatabase(config.db);
  opening.catch(() => {}); // awaited, and reported, by startAftercare
  const { startAftercare } = await import('./app.js');
  const running = await startAftercare(config, {
    target: options.target,
    opening,
    deferWorkers: options.demo,
  });
  try {
    if (options.demo) await announceDemo(running, stopping.signal);
    else console.log(`Aftercare is running at ${running.url}`);
    if (!stopping.signal.aborted) {
      await new Promise((resolve) => stopping.signal.addEventListener('abort', resolve, { once: true }));
    }
  } catch (error) {
    if (!stopping.signal.aborted) {
      await running.stop();
      throw error;
    }
  }
  running.ctx.logger.info({ signal: stopping.signal.reason }, 'stopping');
  await running.stop();
}

async function announceDemo(running: RunningAftercare, signal: AbortSignal): Promise<void> {
  // Loaded only when asked for, so a production start does not pay for the generator.
  const [{ createDemoTokens, describeSeed, seedDemoIfEmpty }, { deliverDemoTokens }] = await Promise.all([
    import('./demo.js'),
    import('./demo-tokens.js'),
  ]);
  const { ctx } = running;
  // Alive but not ready while seeding: a probe or a load balancer waits instead of sending traffic.
  const release = ctx.health.hold('seeding the demo data');
  let seeded: Awaited<ReturnType<typeof seedDemoIfEmpty>>;
  try {
    seeded = await seedDemoIfEmpty(ctx, { signal });
  } finally {
    release();
    running.startWorkers();
  }
  if (seeded) {
    console.log(`seeded the demo data: ${describeSeed(seeded)}`);
  }
  const tokens = await createDemoTokens(ctx);
  const lines = deliverDemoTokens({
    tokens,
    url: running.url,
    dataDir: ctx.config.db.dataDir,
    terminal: process.stdout.isTTY === true,
    now: ctx.clock.now(),
  });
  console.log(`\nAftercare is running at ${running.url}  (database: ${ctx.engine.kind})`);
  console.log(`API reference: ${running.url}/docs`);
  for (const line of lines) console.log(line);
  console.log('');
}
