import type { Callback, CallbackAnswer, Database, StoredQuestion } from '@aftercare/db';
import { type DbContext, NotFoundError } from '@aftercare/runtime';
import { keysetPage, type Page } from '@aftercare/schemas';
import { type Kysely, sql } from 'kysely';
import { complaintId, complaintRowId } from '../complaints/ids.js';
import { appendTo } from '../map-list.js';
import { questionnaireVersion } from '../questionnaires/find.js';
import { type QuestionnaireVersion, textIn } from '../questionnaires/schema.js';
import { userRowId } from '../staff/ids.js';
import { callbackId, planId } from './ids.js';
import type { CallbackDetail, CallbackFilters, CallbackOutput } from './schemas.js';

type Row = Callback & { customer_ref: string; locale: string };

const RECENT_ORDERS = 5;
const EARLIER_CALLBACKS = 20;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function selectCallbacks(db: Kysely<Database>) {
  return db
    .selectFrom('callbacks')
    .innerJoin('customers', 'customers.id', 'callbacks.customer_id')
    .selectAll('callbacks')
    .select(['customers.external_ref as customer_ref', 'customers.locale']);
}

/** The questionnaire versions the rows ask, by `key@version`: a handful whatever the number of rows. */
async function versionsOf(db: Kysely<Database>, rows: readonly Callback[]) {
  const keys = new Map(rows.map((r) => [`${r.questionnaire_key}@${r.questionnaire_version}`, r]));
  const versions = new Map<string, QuestionnaireVersion>();
  for (const [key, row] of keys) {
    const version = await questionnaireVersion(db, row.questionnaire_key, row.questionnaire_version);
    if (version) versions.set(key, version);
  }
  return versions;
}

function questionOut(question: StoredQuestion, locale: string) {
  const base = {
    id: question.id,
    kind: question.kind,
    text: textIn(question.text, locale),
    required: question.required,
  };
  switch (question.kind) {
    case 'open':
      return base;
    case 'scale':
      return { ...base, min: question.min, max: question.max };
    case 'choice':
      return {
        ...base,
        multiple: question.multiple,
        options: question.options.map((o) => ({ id: o.id, text: textIn(o.text, locale) })),
      };
  }
}

/** Status as agents see it: a claim whose lease ran out is back in the queue. */
function visibleStatus(row: Callback, now: Date): Callback['status'] {
  return row.status === 'claimed' && row.lease_expires_at !== null && row.lease_expires_at <= now
    ? 'pending'
    : row.status;
}

function toOutput(row: Row, version: QuestionnaireVersion | undefined, now: Date): CallbackOutput {
  return {
    id: callbackId(row.id),
    customerRef: row.customer_ref,
    complaintId: row.complaint_id === null ? null : complaintId(row.complaint_id),
    planId: row.plan_id === null ? null : planId(row.plan_id),
    kind: row.kind,
    dueAt: row.due_at.toISOString(),
    windowEnd: row.window_end.toISOString(),
    status: visibleStatus(row, now),
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    nextAttemptAt: iso(row.next_attempt_at),
    level: row.level,
    vip: row.vip,
    agent: row.agent,
    leaseExpiresAt: iso(row.lease_expires_at),
    outcome: row.outcome,
    note: row.note,
    followUp: row.follow_up,
    callAt: iso(row.call_at),
    createdAt: row.created_at.toISOString(),
    completedAt: iso(row.completed_at),
    questionnaire: {
      id: row.questionnaire_key,
      version: row.questionnaire_version,
      questions: (version?.questions ?? []).map((q) => questionOut(q, row.locale)),
    },
  };
}

/** Callbacks as the API shows them, in the order of `ids` (missing ones left out). */
export async function getCallbacks(ctx: DbContext, ids: readonly number[]): Promise<CallbackOutput[]> {
  if (ids.length === 0) return [];
  const rows = await selectCallbacks(ctx.db).where('callbacks.id', 'in', ids).execute();
  const versions = await versionsOf(ctx.db, rows);
  const now = ctx.clock.now();
  const byId = new Map(
    rows.map((r) => [
      r.id,
      toOutput(r, versions.get(`${r.questionnaire_key}@${r.questionnaire_version}`), now),
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** One callback as the API shows it; NotFoundError for an unknown id. */
export async function getCallback(ctx: DbContext, id: number): Promise<CallbackOutput> {
  const [callback] = await getCallbacks(ctx, [id]);
  if (!callback) throw new NotFoundError(`no callback ${callbackId(id)}`);
  return callback;
}

/** A page of callbacks, oldest first, filtered (AND). */
export async function listCallbacks(ctx: DbContext, filters: CallbackFilters): Promise<Page<CallbackOutput>> {
  const now = ctx.clock.now();
  let query = selectCallbacks(ctx.db);
  if (filters.customerRef) query = query.where('customers.external_ref', '=', filters.customerRef);
  if (filters.complaintId)
    query = query.where('callbacks.complaint_id', '=', complaintRowId(filters.complaintId));
  if (filters.planId)
    query = query.where('callbacks.plan_id', '=', Number(filters.planId.slice('pln_'.length)));
  if (filters.kind) query = query.where('callbacks.kind', '=', filters.kind);
  if (filters.status === 'pending') {
    query = query.where((eb) =>
      eb.or([
        eb('callbacks.status', '=', 'pending'),
        eb.and([eb('callbacks.status', '=', 'claimed'), eb('callbacks.lease_expires_at', '<=', now)]),
      ]),
    );
  } else if (filters.status === 'claimed') {
    query = query.where('callbacks.status', '=', 'claimed').where('callbacks.lease_expires_at', '>', now);
  } else if (filters.status) {
    query = query.where('callbacks.status', '=', filters.status);
  }
  if (filters.agent) {
    query = /^usr_\d{1,15}$/.test(filters.agent)
      ? query.where('callbacks.agent_user_id', '=', userRowId(filters.agent))
      : query.where('callbacks.agent', '=', filters.agent);
  }
  if (filters.dueFrom) query = query.where('callbacks.due_at', '>=', new Date(filters.dueFrom));
  if (filters.dueTo) query = query.where('callbacks.due_at', '<', new Date(filters.dueTo));
  const page = await keysetPage(
    query,
    { list: 'callbacks', idColumn: 'callbacks.id', limit: filters.limit, cursor: filters.cursor },
    (row) => row,
  );
  const versions = await versionsOf(ctx.db, page.items);
  return {
    items: page.items.map((r) =>
      toOutput(r, versions.get(`${r.questionnaire_key}@${r.questionnaire_version}`), now),
    ),
    nextCursor: page.nextCursor,
  };
}

function answerOut(answer: CallbackAnswer) {
  return {
    questionId: answer.question_id,
    text: answer.text,
    value: answer.value,
    answeredAt: answer.answered_at.toISOString(),
  };
}

async function answersOf(db: Kysely<Database>, ids: readonly number[]) {
  const byCallback = new Map<number, CallbackAnswer[]>();
  if (ids.length === 0) return byCallback;
  const rows = await db
    .selectFrom('callback_answers')
    .selectAll()
    .where('callback_id', 'in', ids)
    .orderBy('callback_id')
    .orderBy('answered_at')
    .execute();
  for (const row of rows) appendTo(byCallback, row.callback_id, row);
  return byCallback;
}

/** The customer's wall-clock time, `2026-03-02T10:15`, in their zone. */
async function localTime(db: Kysely<Database>, now: Date, timeZone: string): Promise<string> {
  const { rows } = await sql<{ local: string }>`
    select to_char(${now}::timestamptz at time zone ${timeZone}, 'YYYY-MM-DD"T"HH24:MI') as local`.execute(
    db,
  );
  return rows[0]!.local;
}

/**
 * A callback with its answers and the card an agent calls from: contact, local time now, tier,
 * consents, recent orders, the customer's complaints, earlier callbacks with outcomes and answers.
 */
export async function getCallbackDetail(ctx: DbContext, id: number): Promise<CallbackDetail> {
  const callback = await getCallback(ctx, id);
  const { customer_id: customerId } = await ctx.db
    .selectFrom('callbacks')
    .select('customer_id')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const now = ctx.clock.now();
  const [customer, orders, complaints, earlier] = await Promise.all([
    ctx.db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('orders')
      .innerJoin('products', 'products.id', 'orders.product_id')
      .select([
        'orders.external_ref',
        'products.sku',
        'products.name',
        'orders.purchased_at',
        'orders.amount',
        'orders.status',
      ])
      .where('orders.customer_id', '=', customerId)
      .orderBy('orders.purchased_at', 'desc')
      .limit(RECENT_ORDERS)
      .execute(),
    ctx.db
      .selectFrom('complaints')
      .select(['id', 'status', 'level', 'category', 'text', 'opened_at', 'resolved_at'])
      .where('customer_id', '=', customerId)
      .orderBy('opened_at', 'desc')
      .execute(),
    ctx.db
      .selectFrom('callbacks')
      .select(['id', 'kind', 'status', 'outcome', 'note', 'completed_at'])
      .where('customer_id', '=', customerId)
      .where('id', '!=', id)
      .where('status', 'in', ['completed', 'unreachable'])
      .orderBy('id', 'desc')
      .limit(EARLIER_CALLBACKS)
      .execute(),
  ]);
  const answers = await answersOf(ctx.db, [id, ...earlier.map((c) => c.id)]);
  return {
    ...callback,
    answers: (answers.get(id) ?? []).map(answerOut),
    customer: {
      ref: customer.external_ref,
      name: customer.name,
      phone: customer.phone,
      email: customer.email,
      locale: customer.locale,
      timeZone: customer.time_zone,
      localTime: await localTime(ctx.db, now, customer.time_zone),
      region: customer.region,
      tier: customer.tier,
      consents: { sms: customer.consent_sms, email: customer.consent_email, call: customer.consent_call },
      recentOrders: orders.map((o) => ({
        ref: o.external_ref,
        sku: o.sku,
        product: o.name,
        purchasedAt: o.purchased_at.toISOString(),
        amount: o.amount,
        status: o.status,
      })),
      complaints: complaints.map((c) => ({
        id: complaintId(c.id),
        status: c.status,
        level: c.level,
        category: c.category,
        text: c.text,
        openedAt: c.opened_at.toISOString(),
        resolvedAt: iso(c.resolved_at),
      })),
      earlierCallbacks: earlier.map((c) => ({
        id: callbackId(c.id),
        kind: c.kind,
        status: c.status,
        outcome: c.outcome,
        note: c.note,
        completedAt: iso(c.completed_at),
        answers: (answers.get(c.id) ?? []).map(answerOut),
      })),
    },
  };
}
