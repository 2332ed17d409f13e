import { createRouter } from '@aftercare/http';
import type { AppContext, ServiceModule } from '@aftercare/runtime';
import { mentionRoutes } from './routes/mentions.js';

/**
 * Stream ingestion, scoring, attribution and the complaint risk map. Today: mentions in over HTTP
 * (JSON or NDJSON, each line on its own), scored, attributed to a product and region, counted into
 * the map's hour and day cells in the same statement; product aliases. The map's risk, alerts, the
 * NATS consumer and retention land next.
 */
export function createWatcherService(ctx: AppContext): ServiceModule {
  const routes = createRouter();
  routes.route('/', mentionRoutes(ctx));
  return { name: 'watcher', routes, workers: [] };
}
