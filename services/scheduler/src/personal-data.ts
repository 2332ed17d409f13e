import type { Database } from '@aftercare/db';
import type { DbContext } from '@aftercare/runtime';
import type { Kysely } from 'kysely';
import { complaintId } from './complaints/ids.js';

const ERASED_TEXT = '[erased]';

/**
 * The scheduler's part of a customer's data export and erasure: the complaints' texts (what the
 * customer wrote, which may hold anything about them). Erasure blanks the texts and keeps the
 * complaints, so counts, levels and SLA figures stay. The shape is `PersonalDataOwner` of
 * `@aftercare/privacy`; the composition root registers it.
 */
export const schedulerPersonalData = {
  owner: 'scheduler',
  tables: [
    { table: 'complaints', personalColumns: ['text'] },
    { table: 'complaint_refs', personalColumns: ['text'] },
    { table: 'complaint_history', personalColumns: ['note'] },
  ],
  async exportCustomer(ctx: DbContext, customer: { id: number }) {
    const complaints = await ctx.db
      .selectFrom('complaints')
      .select([
        'id',
        'external_ref',
        'channel',
        'category',
        'text',
        'level',
        'status',
        'opened_at',
        'resolved_at',
      ])
      .where('customer_id', '=', customer.id)
      .orderBy('id')
      .execute();
    const refs = complaints.length
      ? await ctx.db
          .selectFrom('complaint_refs')
          .select(['external_ref', 'complaint_id', 'merged', 'text', 'received_at'])
          .where(
            'complaint_id',
            'in',
            complaints.map((c) => c.id),
          )
          .orderBy('received_at')
          .execute()
      : [];
    return {
      complaints: complaints.map((c) => ({ ...c, id: complaintId(c.id) })),
      messages: refs.map((r) => ({ ...r, complaint_id: complaintId(r.complaint_id) })),
    };
  },
  async eraseCustomer(trx: Kysely<Database>, customer: { id: number }) {
    const ids = trx.selectFrom('complaints').select('id').where('customer_id', '=', customer.id);
    const complaints = await trx
      .updateTable('complaints')
      .set({ text: ERASED_TEXT })
      .where('customer_id', '=', customer.id)
      .executeTakeFirst();
    const refs = await trx
      .updateTable('complaint_refs')
      .set({ text: ERASED_TEXT })
      .where('complaint_id', 'in', ids)
      .executeTakeFirst();
    const notes = await trx
      .updateTable('complaint_history')
      .set({ note: null })
      .where('complaint_id', 'in', ids)
      .where('note', 'is not', null)
      .executeTakeFirst();
    return {
      complaints: Number(complaints.numUpdatedRows),
      complaint_refs: Number(refs.numUpdatedRows),
      complaint_history: Number(notes.numUpdatedRows),
    };
  },
};
