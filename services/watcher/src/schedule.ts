import { schedulerWorker } from '@aftercare/jobs';
import type { AppContext, Worker } from '@aftercare/runtime';
import { watchOpenAlerts } from './alerts/watch-open-alerts.js';
import { deleteOldMentions } from './retention/delete-old-mentions.js';

/** The watcher's periodic jobs; each runs once per tick across replicas. */
export function watcherSchedule(ctx: AppContext): Worker {
  return schedulerWorker(ctx, {
    name: 'watcher',
    jobs: [
      {
        name: 'watcher.delete-old-mentions',
        cron: '0 17 3 * * *', // daily at 03:17
        run: async (signal: AbortSignal, tick: Date) => {
          const deleted = await deleteOldMentions(ctx, { now: tick, signal });
          if (deleted > 0) ctx.logger.info({ deleted }, 'old mentions deleted (retention)');
        },
      },
      {
        // Open alerts close when their cell calms, which no mention announces: look every 5 minutes.
        name: 'watcher.watch-open-alerts',
        cron: '0 */5 * * * *',
        run: async (signal: AbortSignal, tick: Date) => {
          const { closedQuality } = await watchOpenAlerts(ctx, { now: tick, signal });
          if (closedQuality > 0) ctx.logger.info({ closedQuality }, 'quiet quality alerts closed');
        },
      },
    ],
  });
}
