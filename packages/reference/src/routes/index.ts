import { createRouter } from '@aftercare/http';
import type { AppContext } from '@aftercare/runtime';
import { customerRoutes } from './customers.js';
import { orderRoutes } from './orders.js';
import { productRoutes } from './products.js';

/**
 * /v1/customers, /v1/products and /v1/orders: one sub-app per resource.
 * @example routes.route('/', referenceRoutes(ctx));
 */
export function referenceRoutes(ctx: AppContext) {
  const router = createRouter();
  router.route('/', customerRoutes(ctx));
  router.route('/', productRoutes(ctx));
  router.route('/', orderRoutes(ctx));
  return router;
}
