// Named scenarios of reference data, for this package's tests and for other packages' (privacy).
export { KITCHEN_SKUS, kettle, seedKitchenCatalogue, WASHER_SKU } from './kitchen-catalogue.js';
export {
  NEW_YORK_REFS,
  newYorkCustomer,
  SHANGHAI_REFS,
  SHANGHAI_VIPS,
  seedShanghaiAndNewYorkCustomers,
  shanghaiCustomer,
} from './shanghai-and-new-york-customers.js';
export { OTHER_REF, seedVipWithThreeOrders, shanghaiOrder, VIP_REF } from './vip-with-three-orders.js';
