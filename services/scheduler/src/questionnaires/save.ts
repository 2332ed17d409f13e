import { writeAudit } from '@aftercare/db';
import { ConflictError, type DbContext } from '@aftercare/runtime';
import { questionnaireVersion } from './find.js';
import type { QuestionnaireInput, QuestionnaireVersion } from './schema.js';

/** What a save did: a new questionnaire, a new version of one, or nothing (the content was the same). */
export type SaveOutcome = 'created' | 'new_version' | 'unchanged';

/**
 * Saves a questionnaire by id: the first save creates it as version 1, a save whose title or
 * questions differ from the latest version adds the next version, and the same content again adds
 * nothing (so a retry or a re-run of a script is safe). Versions are never changed, so a callback's
 * answers stay readable on the version it used. One transaction with its audit entry; the
 * questionnaire's row is locked so concurrent saves number their versions one after the other.
 * @example await saveQuestionnaire(ctx, { questionnaire: { id: 'care', purpose: 'periodic', title, questions }, actor: 'token:2' });
 */
export async function saveQuestionnaire(
  ctx: DbContext,
  { questionnaire, actor }: { questionnaire: QuestionnaireInput; actor: string },
): Promise<{ outcome: SaveOutcome; questionnaire: QuestionnaireVersion }> {
  const now = ctx.clock.now();
  const { id: key, purpose, title, questions } = questionnaire;
  return ctx.db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('questionnaires')
      .values({ key, purpose, current_version: 1, created_at: now, created_by: actor, updated_at: now })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    let version = 1;
    if (!created) {
      const current = await trx
        .selectFrom('questionnaires')
        .select(['purpose', 'current_version'])
        .where('key', '=', key)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (current.purpose !== purpose) {
        throw new ConflictError(
          `questionnaire ${key} is for ${current.purpose} callbacks and stays so; give a ${purpose} questionnaire its own id`,
        );
      }
      const latest = await questionnaireVersion(trx, key, current.current_version);
      if (!latest) throw new Error(`questionnaire ${key} has no version ${current.current_version}`);
      if (sameContent(latest, questionnaire)) return { outcome: 'unchanged' as const, questionnaire: latest };
      version = current.current_version + 1;
      await trx
        .updateTable('questionnaires')
        .set({ current_version: version, updated_at: now })
        .where('key', '=', key)
        .execute();
    }
    await trx
      .insertInto('questionnaire_versions')
      .values({
        key,
        version,
        title: JSON.stringify(title),
        questions: JSON.stringify(questions),
        created_at: now,
        created_by: actor,
      })
      .execute();
    await writeAudit(trx, {
      at: now,
      actor,
      action: created ? 'questionnaire.created' : 'questionnaire.versioned',
      entity: 'questionnaire',
      entityId: key,
      details: { version, purpose, title, questions },
    });
    const saved = await questionnaireVersion(trx, key, version);
    if (!saved) throw new Error(`questionnaire ${key} version ${version} vanished after it was written`);
    return { outcome: created ? ('created' as const) : ('new_version' as const), questionnaire: saved };
  });
}

type Content = Pick<QuestionnaireVersion, 'title' | 'questions'>;

/** Same title and questions, whatever the key order (jsonb keeps its own order). */
function sameContent(a: Content, b: Content): boolean {
  return (
    canonicalJson({ title: a.title, questions: a.questions }) ===
    canonicalJson({ title: b.title, questions: b.questions })
  );
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : inner,
  );
}
