import { createRouter } from '@aftercare/http';
import type { AppContext, ServiceModule } from '@aftercare/runtime';
import { complaintSignalsWorker } from './alerts/complaint-signals-worker.js';
import { callbackAnswersWorker } from './mentions/callback-answers.js';
import { riskEvaluatorWorker } from './riskmap/evaluator-worker.js';
import { alertRoutes } from './routes/alerts.js';
import { mentionRoutes } from './routes/mentions.js';
import { riskMapRoutes } from './routes/riskmap.js';
import { watcherSchedule } from './schedule.js';
import { mentionStreamWorker } from './stream/mention-stream-worker.js';

/**
 * Stream ingestion, scoring, attribution and the complaint risk map. Today: mentions in over HTTP
 * (JSON or NDJSON, each line on its own) and, with NATS_URL, from a durable JetStream consumer
 * (acknowledged after commit, poison messages to a dead-letter subject), scored, attributed to a product and region, counted into
 * the map's hour and day cells in the same statement; product aliases; the evaluator that scores
 * each changed cell against its own history within a second or so; the map and a cell's evidence;
 * spike alerts stepped as cells are scored and quality alerts from customers' complaints (formal
 * ones through the `complaint.opened@1` events), with a periodic look that closes calm ones; the
 * daily retention job deleting raw mentions past MENTION_RETENTION_DAYS (the cells stay).
 */
export function createWatcherService(ctx: AppContext): ServiceModule {
  const routes = createRouter();
  routes.route('/', mentionRoutes(ctx));
  routes.route('/', riskMapRoutes(ctx));
  routes.route('/', alertRoutes(ctx));
  return {
    name: 'watcher',
    routes,
    workers: [
      riskEvaluatorWorker(ctx),
      complaintSignalsWorker(ctx),
      callbackAnswersWorker(ctx),
      watcherSchedule(ctx),
      ...(ctx.config.watcher.nats ? [mentionStreamWorker(ctx, ctx.config.watcher.nats)] : []),
    ],
  };
}
export { type DemoMentionsResult, seedDemoMentions } from './demo/seed-demo-mentions.js';
export { type IngestContext, type IngestResult, ingestMentions } from './mentions/ingest.js';
export { readNdjsonLines } from './mentions/read-lines.js';
