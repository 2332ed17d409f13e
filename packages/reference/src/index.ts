export type { WriteContext } from './batch.js';
export { findCustomer, listCustomers, toCustomerOutput, upsertCustomers } from './customers.js';
export { isTimeZone } from './fields.js';
export { listOrders, upsertOrders } from './orders.js';
export { listProducts, toProductOutput, upsertProducts } from './products.js';
export { referenceRoutes } from './routes.js';
export * from './schemas.js';
