import { NotFoundError } from '@aftercare/runtime';

/** `cmp_42` for row 42: the id people and clients see. */
export function complaintId(id: number): string {
  return `cmp_${id}`;
}

/** The row id of `cmp_42`, or NotFoundError for anything else (no such complaint can exist). */
export function complaintRowId(id: string): number {
  const match = /^cmp_(\d{1,15})$/.exec(id);
  if (!match) throw new NotFoundError(`no complaint ${id}; ids look like cmp_42`);
  return Number(match[1]);
}

/** `cus_42` for customer row 42, as every service's events name a customer. */
export function customerPublicId(id: number): string {
  return `cus_${id}`;
}
