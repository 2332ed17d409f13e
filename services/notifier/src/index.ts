import { createRouter } from '@aftercare/http';
import type { AppContext, ServiceModule } from '@aftercare/runtime';

/**
 * Proactive offers by SMS and e-mail: audiences, consent, quiet hours, the outbox and the holdout.
 * An empty shell until its issue lands: it mounts no routes and runs no workers yet.
 */
export function createNotifierService(_ctx: AppContext): ServiceModule {
  return { name: 'notifier', routes: createRouter(), workers: [] };
}
