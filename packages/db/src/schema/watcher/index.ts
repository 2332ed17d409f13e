/** The watcher's tables (one file per table beside this one); none yet. */
// biome-ignore lint/complexity/noBannedTypes: an owner with no tables yet still has its place in Database.
export type WatcherTables = {};
