import { createRouter } from '@aftercare/http';
import type { AppContext, ServiceModule } from '@aftercare/runtime';

/**
 * Stream ingestion, scoring, attribution and the complaint risk map.
 * An empty shell until its issue lands: it mounts no routes and runs no workers yet.
 */
export function createWatcherService(_ctx: AppContext): ServiceModule {
  return { name: 'watcher', routes: createRouter(), workers: [] };
}
