export { CONSENT_RATES, customerRef, generateCustomers, VIP_SHARE } from './generate-customers.js';
export { DEFAULT_DEMO_SIZE, type DemoData, type DemoSize, generateDemoData } from './generate-demo.js';
export { type GenerateOrdersOptions, generateOrders, orderRef } from './generate-orders.js';
export { generateProducts, productSku } from './generate-products.js';
export { createRandom, type Random } from './random.js';
export { REGIONS, type Region } from './regions.js';
export {
  DEMO_CONSENT_SOURCE,
  type SeedDemoOptions,
  type SeedDemoResult,
  type SeedProgress,
  type SeedStage,
  seedDemo,
} from './seed-demo.js';
