import type { Database, QuestionnairePurpose, QuestionnaireVersionRow } from '@aftercare/db';
import type { DbContext } from '@aftercare/runtime';
import type { Kysely } from 'kysely';
import type { QuestionnaireVersion } from './schema.js';

const VERSION_COLUMNS = [
  'questionnaires.purpose',
  'questionnaire_versions.key',
  'questionnaire_versions.version',
  'questionnaire_versions.title',
  'questionnaire_versions.questions',
  'questionnaire_versions.created_at',
  'questionnaire_versions.created_by',
] as const;

function toVersion(row: QuestionnaireVersionRow & { purpose: QuestionnairePurpose }): QuestionnaireVersion {
  return {
    id: row.key,
    version: row.version,
    purpose: row.purpose,
    title: row.title,
    questions: row.questions,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  };
}

/**
 * One version of a questionnaire, the latest without `version`; undefined when there is none. Takes
 * a transaction too: a callback stores `{id, version}` of what it read here and checks answers
 * against these questions.
 * @example const asked = await questionnaireVersion(trx, 'satisfaction'); // { id, version: 3, questions, ... }
 */
export async function questionnaireVersion(
  db: Kysely<Database>,
  key: string,
  version?: number,
): Promise<QuestionnaireVersion | undefined> {
  const row = await db
    .selectFrom('questionnaire_versions')
    .innerJoin('questionnaires', 'questionnaires.key', 'questionnaire_versions.key')
    .select(VERSION_COLUMNS)
    .where('questionnaire_versions.key', '=', key)
    .$call((query) =>
      version === undefined
        ? query.whereRef('questionnaire_versions.version', '=', 'questionnaires.current_version')
        : query.where('questionnaire_versions.version', '=', version),
    )
    .executeTakeFirst();
  return row && toVersion(row);
}

/** The latest version of every questionnaire (of one purpose), by id. */
export async function listQuestionnaires(
  ctx: Pick<DbContext, 'db'>,
  { purpose }: { purpose?: QuestionnairePurpose | undefined } = {},
): Promise<QuestionnaireVersion[]> {
  const rows = await ctx.db
    .selectFrom('questionnaires')
    .innerJoin('questionnaire_versions', (join) =>
      join
        .onRef('questionnaire_versions.key', '=', 'questionnaires.key')
        .onRef('questionnaire_versions.version', '=', 'questionnaires.current_version'),
    )
    .select(VERSION_COLUMNS)
    .$if(purpose !== undefined, (query) => query.where('questionnaires.purpose', '=', purpose!))
    .orderBy('questionnaires.key')
    .execute();
  return rows.map(toVersion);
}

export interface VersionSummary {
  version: number;
  createdAt: string;
  createdBy: string;
}

/** A questionnaire's latest version and every version it has had, oldest first; undefined when unknown. */
export async function findQuestionnaire(
  ctx: Pick<DbContext, 'db'>,
  key: string,
): Promise<(QuestionnaireVersion & { versions: VersionSummary[] }) | undefined> {
  const latest = await questionnaireVersion(ctx.db, key);
  if (!latest) return undefined;
  const versions = await ctx.db
    .selectFrom('questionnaire_versions')
    .select(['version', 'created_at', 'created_by'])
    .where('key', '=', key)
    // A version written since the read above belongs to the next reader.
    .where('version', '<=', latest.version)
    .orderBy('version')
    .execute();
  return {
    ...latest,
    versions: versions.map((row) => ({
      version: row.version,
      createdAt: row.created_at.toISOString(),
      createdBy: row.created_by,
    })),
  };
}
