import type { NotifierTables } from './notifier/index.js';
import type { PlatformTables } from './platform/index.js';
import type { SchedulerTables } from './scheduler/index.js';
import type { WatcherTables } from './watcher/index.js';

export type * from './notifier/index.js';
export type * from './platform/index.js';
export type * from './scheduler/index.js';
export type * from './watcher/index.js';

/**
 * Every table of the product, grouped by the owner that writes it (one folder each under schema/ and
 * migrations/). A service writes only its own tables, may read others' for reports, and asks another
 * service to act through a domain event.
 */
export interface Database extends PlatformTables, SchedulerTables, WatcherTables, NotifierTables {}
