export { authenticate, requireRole } from './auth.js';
export { createHttpApp } from './create-app.js';
export type { HttpEnv } from './env.js';
export { createMetricsRegistry } from './metrics.js';
export {
  build as buildProblem,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  problemType,
  toProblem,
} from './problem.js';
export { createRouter } from './router.js';
export { listen, type RunningServer } from './server.js';
export { tokenRoutes } from './token-routes.js';
export { toFieldProblems, validationError } from './validation.js';
