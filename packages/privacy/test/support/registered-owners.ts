import { PLATFORM_PERSONAL_DATA } from '@aftercare/reference';
import type { PersonalDataOwner } from '../../src/index.js';

/**
 * The platform's owners of customer data, for privacy's own route tests. The full list, services
 * included, is PERSONAL_DATA in the composition root (packages/cli/src/targets.ts), and the guard
 * test of contact columns runs there.
 */
export function registeredOwners(): readonly PersonalDataOwner[] {
  return [...PLATFORM_PERSONAL_DATA];
}
