export {
  CONSENT_RATES,
  customerRef,
  generateCustomers,
  streamCustomers,
  VIP_SHARE,
} from './generate-customers.js';
export {
  DEFAULT_DEMO_SIZE,
  type DemoData,
  type DemoSize,
  demoCounts,
  generateDemoData,
} from './generate-demo.js';
export {
  createOrderPlanner,
  type GenerateOrdersOptions,
  generateOrders,
  type OrderCustomer,
  type OrderPlanner,
  orderRef,
} from './generate-orders.js';
export { generateProducts, productSku } from './generate-products.js';
export { createRandom, createTablePicker, type Random } from './random.js';
export { REGIONS, type Region } from './regions.js';
export {
  DEMO_CONSENT_SOURCE,
  SEED_BATCH,
  type SeedDemoOptions,
  type SeedDemoResult,
  type SeedProgress,
  type SeedStage,
  seedDemo,
} from './seed-demo.js';
