import type { Callback, Database, StoredQuestion } from '@aftercare/db';
import { type DbContext, type FieldProblem, ValidationError } from '@aftercare/runtime';
import type { Kysely } from 'kysely';
import { questionnaireVersion } from '../questionnaires/find.js';
import { type Agent, assertHeldBy, lockCallback } from './claim.js';
import { type FollowUpContext, followUpDissatisfied, isDissatisfied } from './follow-up.js';
import { type AnswerPublishContext, publishOpenAnswers } from './publish-answers.js';
import type { CallbackCompletion } from './schemas.js';

/** When a call that found nobody (no answer, busy) is tried again. */
export const RETRY_AFTER_MS = 2 * 3_600_000;

type Answer = NonNullable<CallbackCompletion['answers']>[number];

/**
 * Records how the holder's call went, in one transaction: `reached` with the answers (checked
 * against the callback's questionnaire version; each open one scored and published as
 * `callback.answered@1`; a dissatisfied one reopens the complaint, or plans a follow-up call) and `wrong_number` / `refused` finish it;
 * `no_answer` / `busy` count an attempt and retry after RETRY_AFTER_MS within the window, until
 * `max_attempts` (or the window) runs out: unreachable; `call_later` offers it again at `callAt`.
 * Anyone but the holder gets a 409; bad input a 400; neither changes anything.
 * @example await completeCallback(ctx, { id: 42, agent, input: { outcome: 'no_answer' } });
 */
export async function completeCallback(
  ctx: DbContext & AnswerPublishContext & FollowUpContext,
  { id, agent, input }: { id: number; agent: Agent; input: CallbackCompletion },
): Promise<Callback> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockCallback(trx, id);
    assertHeldBy(row, agent);
    const answers = input.answers ?? [];
    if (input.outcome !== 'reached' && answers.length > 0) {
      throw new ValidationError('answers are recorded only when the customer was reached', [
        { field: 'answers', reason: `not expected with outcome ${input.outcome}` },
      ]);
    }
    if (input.outcome !== 'call_later' && input.callAt !== undefined) {
      throw new ValidationError('callAt goes with call_later', [
        { field: 'callAt', reason: `not expected with outcome ${input.outcome}` },
      ]);
    }
    const closing = { outcome: input.outcome, note: input.note ?? row.note, lease_expires_at: null };
    let change: Partial<Callback>;
    switch (input.outcome) {
      case 'reached': {
        const questions = await recordAnswers(trx, row, answers, now);
        await publishOpenAnswers(trx, ctx, row, answers, now);
        const followUp = isDissatisfied(ctx.scorer, questions, answers)
          ? await followUpDissatisfied(trx, ctx, row, agent.actor)
          : null;
        change = { ...closing, status: 'completed', completed_at: now, follow_up: followUp };
        break;
      }
      case 'wrong_number':
      case 'refused':
        change = { ...closing, status: 'completed', completed_at: now };
        break;
      case 'no_answer':
      case 'busy': {
        const attempts = row.attempts + 1;
        const retryAt = new Date(now.getTime() + RETRY_AFTER_MS);
        change =
          attempts >= row.max_attempts || retryAt > row.window_end
            ? { ...closing, attempts, status: 'unreachable', completed_at: now }
            : { ...closing, attempts, status: 'pending', next_attempt_at: retryAt };
        break;
      }
      case 'call_later': {
        const callAt = input.callAt === undefined ? undefined : new Date(input.callAt);
        if (!callAt || callAt <= now) {
          throw new ValidationError('call_later needs a time in the future', [
            { field: 'callAt', reason: callAt ? 'must be in the future' : 'required for call_later' },
          ]);
        }
        // The customer named the time: the window stretches to it rather than closing before it.
        const windowEnd = new Date(Math.max(callAt.getTime(), row.window_end.getTime()));
        change = {
          ...closing,
          status: 'pending',
          next_attempt_at: callAt,
          call_at: callAt,
          window_end: windowEnd,
        };
        break;
      }
    }
    return trx
      .updateTable('callbacks')
      .set(change)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

async function recordAnswers(
  trx: Kysely<Database>,
  row: Callback,
  answers: readonly Answer[],
  now: Date,
): Promise<Map<string, StoredQuestion>> {
  const version = await questionnaireVersion(trx, row.questionnaire_key, row.questionnaire_version);
  if (!version)
    throw new Error(`questionnaire ${row.questionnaire_key} v${row.questionnaire_version} is missing`);
  const questions = new Map(version.questions.map((q) => [q.id, q]));
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  answers.forEach((answer, index) => {
    const field = `answers[${index}]`;
    const question = questions.get(answer.questionId);
    if (!question) {
      problems.push({
        field: `${field}.questionId`,
        reason: `no question ${answer.questionId} in ${version.id} version ${version.version}`,
      });
      return;
    }
    if (seen.has(question.id))
      problems.push({ field: `${field}.questionId`, reason: `${question.id} is answered twice` });
    seen.add(question.id);
    const problem = checkAnswer(question, answer);
    if (problem) problems.push({ field: `${field}.${problem.field}`, reason: problem.reason });
  });
  for (const question of version.questions) {
    if (question.required && !seen.has(question.id)) {
      problems.push({ field: 'answers', reason: `the required question ${question.id} is not answered` });
    }
  }
  if (problems.length > 0) throw new ValidationError('the answers do not fit the questionnaire', problems);
  if (answers.length === 0) return questions;
  await trx
    .insertInto('callback_answers')
    .values(
      answers.map((answer) => ({
        callback_id: row.id,
        question_id: answer.questionId,
        text: answer.text ?? null,
        value: answer.value === undefined ? null : JSON.stringify(answer.value),
        answered_at: now,
      })),
    )
    .execute();
  return questions;
}

/** What is wrong with one answer to its question, if anything. */
function checkAnswer(
  question: StoredQuestion,
  answer: Answer,
): { field: string; reason: string } | undefined {
  const { value, text } = answer;
  switch (question.kind) {
    case 'open':
      if (value !== undefined) return { field: 'value', reason: 'an open question is answered with text' };
      if (text === undefined || text.trim() === '')
        return { field: 'text', reason: 'what the customer said is missing' };
      return undefined;
    case 'scale':
      if (
        typeof value !== 'number' ||
        !Number.isInteger(value) ||
        value < question.min ||
        value > question.max
      ) {
        return { field: 'value', reason: `expected a whole number from ${question.min} to ${question.max}` };
      }
      return undefined;
    case 'choice': {
      const chosen =
        typeof value === 'string' ? [value] : Array.isArray(value) && question.multiple ? value : undefined;
      const ids = question.options.map((o) => o.id);
      if (!chosen || chosen.length === 0) {
        return {
          field: 'value',
          reason: question.multiple ? 'expected a list of option ids' : `expected one of ${ids.join(', ')}`,
        };
      }
      const unknown = chosen.find((id) => !ids.includes(id));
      if (unknown !== undefined)
        return { field: 'value', reason: `${unknown} is not an option: ${ids.join(', ')}` };
      return undefined;
    }
  }
}
