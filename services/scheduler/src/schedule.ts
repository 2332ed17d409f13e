import { schedulerWorker } from '@aftercare/jobs';
import type { AppContext, Worker } from '@aftercare/runtime';
import { closeLapsedCallbacks } from './callbacks/close-lapsed.js';

/** The scheduler's periodic jobs; each runs once per tick across replicas. */
export function schedulerSchedule(ctx: AppContext): Worker {
  return schedulerWorker(ctx, {
    name: 'scheduler',
    jobs: [
      {
        name: 'scheduler.close-lapsed-callbacks',
        cron: '0 */5 * * * *',
        run: async (_signal: AbortSignal, tick: Date) => {
          const closed = await closeLapsedCallbacks(ctx, tick);
          if (closed > 0) ctx.logger.info({ closed }, 'callbacks past their window closed as unreachable');
        },
      },
    ],
  });
}
