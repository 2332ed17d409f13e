import type { Role } from '@aftercare/db';

/** An admin may do whatever any role may; every other role only what it is named for. */
export function roleAllows(role: Role, allowed: readonly Role[]): boolean {
  return role === 'admin' || allowed.includes(role);
}
