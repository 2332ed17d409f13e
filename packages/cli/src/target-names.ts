/** What `aftercare start --target` accepts; kept apart from targets.ts so naming one loads no service. */
export const TARGETS = ['all', 'scheduler', 'watcher', 'notifier', 'console'] as const;
export type Target = (typeof TARGETS)[number];
