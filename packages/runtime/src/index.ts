export { type Clock, ManualClock, systemClock } from './clock.js';
export type { AppContext } from './context.js';
export * from './errors.js';
export type { ServiceFactory, ServiceModule, Worker } from './service.js';
