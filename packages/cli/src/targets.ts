import { createConsoleService } from '@aftercare/console';
import { meRoutes, textScoreRoutes, tokenRoutes } from '@aftercare/http';
import { createNotifierService } from '@aftercare/notifier';
import { type PersonalDataOwner, privacyRoutes } from '@aftercare/privacy';
import { PLATFORM_PERSONAL_DATA, referenceRoutes } from '@aftercare/reference';
import type { AppContext, ServiceModule } from '@aftercare/runtime';
import { createSchedulerService, schedulerPersonalData } from '@aftercare/scheduler';
import { createWatcherService } from '@aftercare/watcher';
import type { Target } from './target-names.js';

/** Who-am-I, tokens, text scoring and reference data are served by every process, whatever its target. */
function platformModule(ctx: AppContext): ServiceModule {
  const routes = meRoutes();
  routes.route('/', tokenRoutes(ctx));
  routes.route('/', textScoreRoutes(ctx));
  routes.route('/', referenceRoutes(ctx));
  routes.route('/', privacyRoutes(ctx, PERSONAL_DATA));
  return { name: 'platform', routes, workers: [] };
}

/**
 * Every owner of a table with personal data, whatever this process mounts: an export or an erasure
 * must cover them all. Services add theirs here (and in privacy's test support) as they land.
 */
export const PERSONAL_DATA: readonly PersonalDataOwner[] = [...PLATFORM_PERSONAL_DATA, schedulerPersonalData];

const SERVICES = {
  scheduler: createSchedulerService,
  watcher: createWatcherService,
  notifier: createNotifierService,
  console: createConsoleService,
} as const;

/** The modules one process mounts: the platform plus one service, or every service. */
export function modulesFor(target: Target, ctx: AppContext): ServiceModule[] {
  const services = target === 'all' ? Object.values(SERVICES) : [SERVICES[target]];
  return [platformModule(ctx), ...services.map((create) => create(ctx))];
}
