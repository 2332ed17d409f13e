import { createRouter } from '@aftercare/http';
import type { AppContext, ServiceModule } from '@aftercare/runtime';
import { complaintRoutes } from './routes/complaints.js';
import { slaPolicyRoutes } from './routes/sla-policies.js';

export { schedulerPersonalData } from './personal-data.js';

/**
 * Complaints intake and grading, SLA clocks, callback planning and the callback queue. This slice
 * takes complaints in (graded, routed, merged, clocks started); the clock worker, escalations and
 * callbacks land next.
 */
export function createSchedulerService(ctx: AppContext): ServiceModule {
  const routes = createRouter();
  routes.route('/', complaintRoutes(ctx));
  routes.route('/', slaPolicyRoutes(ctx));
  return { name: 'scheduler', routes, workers: [] };
}
export { type DemoComplaintsResult, seedDemoComplaints } from './demo/seed-demo-complaints.js';
