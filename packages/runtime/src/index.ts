export { type Clock, ManualClock, systemClock } from './clock.js';
export type { AppContext, DbContext } from './context.js';
export * from './errors.js';
export { HealthBoard, type WorkerHealth, type WorkerState } from './health.js';
export type { ServiceFactory, ServiceModule, Worker } from './service.js';
