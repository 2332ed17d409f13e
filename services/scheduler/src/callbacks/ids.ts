import { NotFoundError } from '@aftercare/runtime';

/** `cb_42` for row 42: the id agents and clients see. */
export function callbackId(id: number): string {
  return `cb_${id}`;
}

/** The row id of `cb_42`, or NotFoundError for anything else (no such callback can exist). */
export function callbackRowId(id: string): number {
  const match = /^cb_(\d{1,15})$/.exec(id);
  if (!match) throw new NotFoundError(`no callback ${id}; ids look like cb_42`);
  return Number(match[1]);
}

/** `pln_7` for callback plan 7 (the plans themselves land with the periodic planning). */
export function planId(id: number): string {
  return `pln_${id}`;
}
