import { createRouter } from '@aftercare/http';
import type { AppContext, ServiceModule } from '@aftercare/runtime';

/**
 * Complaints intake and grading, SLA clocks, callback planning and the callback queue.
 * An empty shell until its issue lands: it mounts no routes and runs no workers yet.
 */
export function createSchedulerService(_ctx: AppContext): ServiceModule {
  return { name: 'scheduler', routes: createRouter(), workers: [] };
}
