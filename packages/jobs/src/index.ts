// Exports in module order (Biome sorts them); each line says what the module gives.

/** The polling loop around `consumeEvents`, also as a service `Worker`. */
export { type EventConsumerOptions, eventConsumerWorker, runEventConsumer } from './event-consumer.js';
/** Domain events written with the change (transactional outbox), read from durable cursors. */
export {
  appendEvent,
  type ConsumeOptions,
  type ConsumeResult,
  consumeEvents,
  type NewEvent,
} from './events.js';
/** Periodic jobs: one replica runs each tick; `runPeriodicTickOnce` drives a tick in tests. */
export { claimTick, type PeriodicJob, runPeriodicTickOnce, type TickOutcome, tickOf } from './periodic.js';
/** node-cron wiring of periodic jobs, also as a service `Worker`. */
export { type Scheduler, type SchedulerOptions, schedulerWorker, startScheduler } from './schedule.js';
/** Wake-ups for worker loops (NOTIFY or poll interval, whichever comes first). */
export { type Listen, Sleeper } from './sleeper.js';
/** Claim → handle → complete/fail loops over a work queue, also as a service `Worker`. */
export { runWorkLoop, type WorkLoopOptions, workLoopWorker } from './work-loop.js';
/** Table-backed work over domain tables: claim with FOR UPDATE SKIP LOCKED, leases, backoff, dead rows. */
export {
  type AnyExecutor,
  type BackoffOptions,
  createWorkQueue,
  describeError,
  type FailOutcome,
  type Jitter,
  type WorkQueue,
  type WorkQueueOptions,
  type WorkRow,
  type WorkState,
} from './work-queue.js';
