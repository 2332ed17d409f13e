import type { Callback, Database, StoredQuestion } from '@aftercare/db';
import { type AppContext, ConflictError } from '@aftercare/runtime';
import type { TextScorer } from '@aftercare/scoring';
import type { Kysely } from 'kysely';
import { moveComplaint } from '../complaints/apply-event.js';
import { DEFAULT_QUESTIONNAIRES } from '../questionnaires/schema.js';
import { callbackId } from './ids.js';

/** How long a follow-up call may wait: a dissatisfied customer should hear back within two days. */
export const FOLLOW_UP_WINDOW_MS = 2 * 24 * 3_600_000;
/** A scale answer in the lowest 40% of its range (1-2 of 1-5) is dissatisfied. */
const LOW_SCALE_SHARE = 0.4;

export type FollowUpContext = Pick<AppContext, 'clock' | 'events' | 'scorer'>;

type Answer = { questionId: string; text?: string | undefined; value?: unknown };

/** Whether what the customer said is dissatisfied: a negative open answer or a low scale score. */
export function isDissatisfied(
  scorer: TextScorer,
  questions: ReadonlyMap<string, StoredQuestion>,
  answers: readonly Answer[],
): boolean {
  return answers.some((answer) => {
    const question = questions.get(answer.questionId);
    if (question?.kind === 'scale' && typeof answer.value === 'number') {
      return answer.value <= question.min + LOW_SCALE_SHARE * (question.max - question.min);
    }
    return question?.kind === 'open' && !!answer.text && scorer.score(answer.text).label === 'negative';
  });
}

/**
 * What a dissatisfied answer sets off, in the completion's transaction: the complaint it followed
 * is reopened (its solution clock starts again); a callback with no complaint to reopen (periodic,
 * proactive) plans a `follow_up` call, due now. Resolves to what was done, for the callback's record.
 */
export async function followUpDissatisfied(
  trx: Kysely<Database>,
  ctx: FollowUpContext,
  row: Callback,
  actor: string,
): Promise<string> {
  const now = ctx.clock.now();
  if (row.complaint_id !== null) {
    try {
      await moveComplaint(
        { db: trx, clock: ctx.clock, events: ctx.events },
        { id: row.complaint_id, event: { type: 'reopened' }, actor, at: now },
      );
      return 'complaint_reopened';
    } catch (error) {
      // Already open again (another answer, an agent): the case is being worked; plan a call instead.
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  const planned = await trx
    .insertInto('callbacks')
    .values((eb) => ({
      kind: 'follow_up',
      customer_id: row.customer_id,
      complaint_id: row.complaint_id,
      source_ref: callbackId(row.id),
      questionnaire_key: DEFAULT_QUESTIONNAIRES.satisfaction,
      questionnaire_version: eb
        .selectFrom('questionnaires')
        .select('current_version')
        .where('key', '=', DEFAULT_QUESTIONNAIRES.satisfaction),
      level: 2,
      vip: row.vip,
      due_at: now,
      window_end: new Date(now.getTime() + FOLLOW_UP_WINDOW_MS),
      created_at: now,
    }))
    .onConflict((conflict) =>
      conflict.columns(['source_ref', 'customer_id']).where('source_ref', 'is not', null).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return planned ? `follow_up_planned: ${callbackId(planned.id)}` : 'follow_up_planned';
}
