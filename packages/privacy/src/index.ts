// A customer's data across every owner: export (access request) and erasure (PIPL / GDPR).

/** The guard: contact-looking columns no owner claims. */
export { CONTACT_COLUMN, type TableColumn, unclaimedContactColumns } from './contact-columns.js';
/** Erasure across every owner, audited, with the `customer.erased@1` event. */
export { type CustomerErasure, ERASURE_ACTION, eraseCustomerData } from './erase-customer-data.js';
/** One JSON document of everything held about a customer. */
export { type CustomerDataExport, exportCustomerData } from './export-customer-data.js';
/** What an owner of customer data registers. */
export { type CustomerKey, checkOwners, type ErasureTarget, type PersonalDataOwner } from './owner.js';
/** The two routes. */
export { privacyRoutes } from './routes.js';
