import { PLATFORM_PERSONAL_DATA } from '@aftercare/reference';
import type { PersonalDataOwner, TableColumn } from '../../src/index.js';

/**
 * The owners of customer data the composition root registers (packages/cli/src/targets.ts). Each
 * service adds its owner here as it lands (complaints, callbacks, mentions, messages), the same list
 * it adds there, so the guard test knows every table it may hold contact data in.
 */
export function registeredOwners(): readonly PersonalDataOwner[] {
  return [...PLATFORM_PERSONAL_DATA];
}

/** Contact-looking columns that hold no customer's data, each with the reason. */
export const NOT_CUSTOMER_DATA: readonly (TableColumn & { why: string })[] = [
  { table: 'users', column: 'email', why: 'staff sign-in addresses: our people, not customers' },
];
