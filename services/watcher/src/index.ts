import { createRouter } from '@aftercare/http';
import { schedulerWorker } from '@aftercare/jobs';
import type { AppContext, ServiceModule } from '@aftercare/runtime';
import { deleteOldMentions } from './retention/delete-old-mentions.js';
import { riskEvaluatorWorker } from './riskmap/evaluator-worker.js';
import { mentionRoutes } from './routes/mentions.js';
import { riskMapRoutes } from './routes/riskmap.js';

/**
 * Stream ingestion, scoring, attribution and the complaint risk map. Today: mentions in over HTTP
 * (JSON or NDJSON, each line on its own), scored, attributed to a product and region, counted into
 * the map's hour and day cells in the same statement; product aliases; the evaluator that scores
 * each changed cell against its own history within a second or so; the map and a cell's evidence;
 * the daily retention job deleting raw mentions past MENTION_RETENTION_DAYS (the cells stay).
 * Alerts, the NATS consumer and the ingest command land next.
 */
export function createWatcherService(ctx: AppContext): ServiceModule {
  const routes = createRouter();
  routes.route('/', mentionRoutes(ctx));
  routes.route('/', riskMapRoutes(ctx));
  const retention = {
    name: 'watcher.delete-old-mentions',
    cron: '0 17 3 * * *', // daily at 03:17, once across replicas
    run: async (signal: AbortSignal, tick: Date) => {
      const deleted = await deleteOldMentions(ctx, { now: tick, signal });
      if (deleted > 0) ctx.logger.info({ deleted }, 'old mentions deleted (retention)');
    },
  };
  return {
    name: 'watcher',
    routes,
    workers: [riskEvaluatorWorker(ctx), schedulerWorker(ctx, { name: 'watcher', jobs: [retention] })],
  };
}
export { type DemoMentionsResult, seedDemoMentions } from './demo/seed-demo-mentions.js';
