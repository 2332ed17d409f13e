import type { Database } from '@aftercare/db';
import type { DbContext } from '@aftercare/runtime';
import type { Kysely } from 'kysely';
import { callbackId } from './callbacks/ids.js';
import { complaintId } from './complaints/ids.js';

const ERASED_TEXT = '[erased]';

/**
 * The scheduler's part of a customer's data export and erasure: the complaints' texts (what the
 * customer wrote, which may hold anything about them), and the callbacks' notes and answers (what
 * the customer said on the phone). Erasure blanks the texts and keeps the complaints and callbacks,
 * so counts, levels, SLA figures and outcomes stay. The shape is `PersonalDataOwner` of
 * `@aftercare/privacy`; the composition root registers it.
 */
export const schedulerPersonalData = {
  owner: 'scheduler',
  tables: [
    { table: 'complaints', personalColumns: ['text'] },
    { table: 'complaint_refs', personalColumns: ['text'] },
    { table: 'complaint_history', personalColumns: ['note'] },
    { table: 'callbacks', personalColumns: ['note'] },
    { table: 'callback_answers', personalColumns: ['text'] },
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
    const callbacks = await ctx.db
      .selectFrom('callbacks')
      .select(['id', 'kind', 'complaint_id', 'status', 'outcome', 'note', 'due_at', 'completed_at'])
      .where('customer_id', '=', customer.id)
      .orderBy('id')
      .execute();
    const answers = callbacks.length
      ? await ctx.db
          .selectFrom('callback_answers')
          .select(['callback_id', 'question_id', 'text', 'value', 'answered_at'])
          .where(
            'callback_id',
            'in',
            callbacks.map((c) => c.id),
          )
          .orderBy('callback_id')
          .execute()
      : [];
    return {
      complaints: complaints.map((c) => ({ ...c, id: complaintId(c.id) })),
      messages: refs.map((r) => ({ ...r, complaint_id: complaintId(r.complaint_id) })),
      callbacks: callbacks.map((c) => ({
        ...c,
        id: callbackId(c.id),
        complaint_id: c.complaint_id === null ? null : complaintId(c.complaint_id),
      })),
      callback_answers: answers.map((a) => ({ ...a, callback_id: callbackId(a.callback_id) })),
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
    const callbackIds = trx.selectFrom('callbacks').select('id').where('customer_id', '=', customer.id);
    const callbackNotes = await trx
      .updateTable('callbacks')
      .set({ note: null })
      .where('customer_id', '=', customer.id)
      .where('note', 'is not', null)
      .executeTakeFirst();
    const answers = await trx
      .updateTable('callback_answers')
      .set({ text: null })
      .where('callback_id', 'in', callbackIds)
      .where('text', 'is not', null)
      .executeTakeFirst();
    return {
      complaints: Number(complaints.numUpdatedRows),
      complaint_refs: Number(refs.numUpdatedRows),
      complaint_history: Number(notes.numUpdatedRows),
      callbacks: Number(callbackNotes.numUpdatedRows),
      callback_answers: Number(answers.numUpdatedRows),
    };
  },
};
