export { createHttpApp } from './create-app.js';
export type { HttpEnv } from './env.js';
export { createMetricsRegistry } from './metrics.js';
export {
  build as buildProblem,
  errorResponses,
  MAX_LISTED_ERRORS,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  type ProblemCode,
  problemResponse,
  problemSchema,
  problemType,
  toProblem,
} from './problem.js';
export { apiRoute, type RouteRoles } from './route.js';
export { createRouter } from './router.js';
export { meRoutes } from './routes/me.js';
export { MAX_SCORE_BATCH, textScoreRoutes } from './routes/text-score.js';
export { tokenRoutes } from './routes/tokens.js';
export { listen, type RunningServer } from './server.js';
