// Exports in module order (Biome sorts them); each line says what the module gives.

/** Jittered exponential backoff, shared by work queues, event consumers and the supervisor. */
export { type BackoffOptions, backoffDelay, type Jitter } from './backoff.js';
/** Domain events read from durable cursors, parsed by the catalogue (`@aftercare/events` writes them). */
export { type ConsumeOptions, type ConsumeResult, consumeEvents } from './consume-events.js';
/** The polling loop around `consumeEvents`, also as a service `Worker`. */
export {
  type EventConsumerContext,
  type EventConsumerOptions,
  eventConsumerWorker,
  runEventConsumer,
} from './event-consumer.js';
/** Periodic jobs: one replica runs each tick; `runPeriodicTickOnce` drives a tick in tests. */
export {
  type ClaimTickInput,
  claimTick,
  type PeriodicJob,
  runPeriodicTickOnce,
  type TickInput,
  type TickOutcome,
  tickOf,
} from './periodic.js';
/** `<host>-<pid>`, the default name of this replica in leases and tick records. */
export { processId } from './process-id.js';
/** node-cron wiring of periodic jobs, also as a service `Worker`. */
export {
  type Scheduler,
  type SchedulerContext,
  type SchedulerOptions,
  type SchedulerWorkerOptions,
  schedulerWorker,
  startScheduler,
} from './schedule.js';
/** Wake-ups for worker loops (NOTIFY or poll interval, whichever comes first). */
export { type Listen, Sleeper } from './sleeper.js';
/** Restarts crashed workers with backoff and keeps the health board (/readyz, /metrics) right. */
export {
  type SuperviseOptions,
  type Supervisor,
  type SupervisorContext,
  superviseWorkers,
} from './supervise.js';
/** Claim → handle → complete/fail loops over a work queue, also as a service `Worker`. */
export {
  runWorkLoop,
  type WorkLoopContext,
  type WorkLoopOptions,
  type WorkLoopWorkerContext,
  type WorkLoopWorkerOptions,
  workLoopWorker,
} from './work-loop.js';
/** Table-backed work over domain tables: claim with FOR UPDATE SKIP LOCKED, leases, backoff, dead rows. */
export {
  createWorkQueue,
  describeError,
  type FailOutcome,
  type WorkQueue,
  type WorkQueueOptions,
  type WorkRow,
  type WorkState,
} from './work-queue.js';
