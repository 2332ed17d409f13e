export {
  findCustomer,
  listCustomers,
  toCustomerOutput,
  type UpsertCustomers,
  upsertCustomers,
} from './customers.js';
export { listOrders, toOrderOutput, upsertOrders } from './orders.js';
export { ERASED, PLATFORM_PERSONAL_DATA, referencePersonalData } from './personal-data.js';
export { listProducts, toProductOutput, upsertProducts } from './products.js';
export { customerRoutes } from './routes/customers.js';
export { referenceRoutes } from './routes/index.js';
export { orderRoutes } from './routes/orders.js';
export { productRoutes } from './routes/products.js';
export * from './schemas.js';
