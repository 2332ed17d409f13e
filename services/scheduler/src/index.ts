import { createRouter } from '@aftercare/http';
import type { AppContext, ServiceModule } from '@aftercare/runtime';
import { postResolutionCallbackWorker } from './callbacks/plan-post-resolution.js';
import { proactiveCallWorker } from './callbacks/plan-proactive.js';
import { clockDeadlineWorker } from './clocks/deadline-worker.js';
import { callbackRoutes } from './routes/callbacks.js';
import { complaintRoutes } from './routes/complaints.js';
import { escalationRoutes } from './routes/escalations.js';
import { questionnaireRoutes } from './routes/questionnaires.js';
import { slaPolicyRoutes } from './routes/sla-policies.js';
import { teamRoutes } from './routes/teams.js';
import { schedulerSchedule } from './schedule.js';

export { schedulerPersonalData } from './personal-data.js';

/**
 * Complaints intake and grading, SLA clocks, callback planning and the callback queue. Today:
 * complaints in (graded, routed to a team and an owner, merged, clocks started), case events moving
 * the clocks, SLA policies, teams and staff with their calendars, and the worker that records
 * warnings, breaches and escalations up the chain when their deadlines fall due; callbacks land next.
 */
export function createSchedulerService(ctx: AppContext): ServiceModule {
  const routes = createRouter();
  routes.route('/', complaintRoutes(ctx));
  routes.route('/', slaPolicyRoutes(ctx));
  routes.route('/', teamRoutes(ctx));
  routes.route('/', escalationRoutes(ctx));
  routes.route('/', questionnaireRoutes(ctx));
  routes.route('/', callbackRoutes(ctx));
  return {
    name: 'scheduler',
    routes,
    workers: [
      clockDeadlineWorker(ctx),
      postResolutionCallbackWorker(ctx),
      proactiveCallWorker(ctx),
      schedulerSchedule(ctx),
    ],
  };
}
export { type DemoComplaintsResult, seedDemoComplaints } from './demo/seed-demo-complaints.js';
export { DEMO_AGENT_EMAIL, DEMO_SUPERVISOR_EMAIL, seedDemoStaff } from './demo/seed-demo-staff.js';
