import type { Database } from '@aftercare/db';
import { type Kysely, sql } from 'kysely';
import type { PersonalDataOwner } from './owner.js';

/** Column names that look like a way to reach a person. */
export const CONTACT_COLUMN = /phone|mobile|email|e_mail|address|wechat/i;

export interface TableColumn {
  table: string;
  column: string;
}

/**
 * Columns of schema `public` whose name looks like contact data and that no owner claims in its
 * `personalColumns` (nor `exempt` names, with a reason, as not being customer data), so a new table
 * with a phone number cannot slip past export and erasure.
 * @example expect(await unclaimedContactColumns(db, owners)).toEqual([]);
 */
export async function unclaimedContactColumns(
  db: Kysely<Database>,
  owners: readonly PersonalDataOwner[],
  exempt: readonly TableColumn[] = [],
): Promise<TableColumn[]> {
  const claimed = new Set([
    ...owners.flatMap((o) => o.tables.flatMap((t) => t.personalColumns.map((c) => `${t.table}.${c}`))),
    ...exempt.map((e) => `${e.table}.${e.column}`),
  ]);
  const { rows } = await sql<TableColumn>`
    select table_name as "table", column_name as "column" from information_schema.columns
    where table_schema = 'public' order by table_name, ordinal_position`.execute(db);
  return rows.filter((r) => CONTACT_COLUMN.test(r.column) && !claimed.has(`${r.table}.${r.column}`));
}
