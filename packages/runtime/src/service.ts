import type { Hono } from 'hono';
import type { AppContext } from './context.js';

/** A background loop of a service: started once, stopped by aborting the signal it was given. */
export interface Worker {
  name: string;
  run(signal: AbortSignal): Promise<void>;
}

/**
 * What a service contributes to a process: routes under /v1 and background workers.
 * `aftercare start --target X` mounts only X's module; `all` mounts every one.
 */
export interface ServiceModule {
  name: 'scheduler' | 'watcher' | 'notifier' | 'console' | 'platform';
  /** Mounted at `/v1`; route paths inside are relative to it. */
  // biome-ignore lint/suspicious/noExplicitAny: each service's router declares its own context variables
  routes?: Hono<any>;
  /** Mounted at `/` (pages); only the console has them. */
  // biome-ignore lint/suspicious/noExplicitAny: as for routes
  pages?: Hono<any>;
  workers: Worker[];
}

export type ServiceFactory = (ctx: AppContext) => ServiceModule;
