import { createRouter } from '@aftercare/http';
import type { AppContext, ServiceModule } from '@aftercare/runtime';
import { riskEvaluatorWorker } from './riskmap/evaluator-worker.js';
import { mentionRoutes } from './routes/mentions.js';
import { riskMapRoutes } from './routes/riskmap.js';

/**
 * Stream ingestion, scoring, attribution and the complaint risk map. Today: mentions in over HTTP
 * (JSON or NDJSON, each line on its own), scored, attributed to a product and region, counted into
 * the map's hour and day cells in the same statement; product aliases; the evaluator that scores
 * each changed cell against its own history within a second or so; the map and a cell's evidence.
 * Alerts, the NATS consumer, the ingest command and retention land next.
 */
export function createWatcherService(ctx: AppContext): ServiceModule {
  const routes = createRouter();
  routes.route('/', mentionRoutes(ctx));
  routes.route('/', riskMapRoutes(ctx));
  return { name: 'watcher', routes, workers: [riskEvaluatorWorker(ctx)] };
}
