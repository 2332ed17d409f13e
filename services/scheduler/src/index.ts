import { createRouter } from '@aftercare/http';
import type { AppContext, ServiceModule } from '@aftercare/runtime';
import { clockDeadlineWorker } from './clocks/deadline-worker.js';
import { complaintRoutes } from './routes/complaints.js';
import { slaPolicyRoutes } from './routes/sla-policies.js';
import { teamRoutes } from './routes/teams.js';

export { schedulerPersonalData } from './personal-data.js';

/**
 * Complaints intake and grading, SLA clocks, callback planning and the callback queue. Today:
 * complaints in (graded, routed, merged, clocks started), case events moving the clocks, SLA policies,
 * and the worker that records warnings and breaches when their deadlines fall due; escalations to
 * staff and callbacks land next.
 */
export function createSchedulerService(ctx: AppContext): ServiceModule {
  const routes = createRouter();
  routes.route('/', complaintRoutes(ctx));
  routes.route('/', slaPolicyRoutes(ctx));
  routes.route('/', teamRoutes(ctx));
  return { name: 'scheduler', routes, workers: [clockDeadlineWorker(ctx)] };
}
export { type DemoComplaintsResult, seedDemoComplaints } from './demo/seed-demo-complaints.js';
