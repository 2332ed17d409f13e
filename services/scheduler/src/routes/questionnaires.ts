import { apiRoute, createRouter, errorResponses } from '@aftercare/http';
import { type AppContext, NotFoundError } from '@aftercare/runtime';
import { z } from '@hono/zod-openapi';
import { findQuestionnaire, listQuestionnaires, questionnaireVersion } from '../questionnaires/find.js';
import { saveQuestionnaire } from '../questionnaires/save.js';
import {
  PURPOSES,
  questionnaireInput,
  questionnaireKey,
  questionnaireOutput,
} from '../questionnaires/schema.js';

const AUTHORS = ['supervisor'] as const;
const READERS = ['agent', 'supervisor', 'marketing'] as const;
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

const saved = questionnaireOutput
  .extend({
    outcome: z.enum(['created', 'new_version', 'unchanged']).openapi({
      description: '`unchanged`: the content was the latest version’s, and no version was added',
    }),
  })
  .openapi('SavedQuestionnaire');
const withVersions = questionnaireOutput
  .extend({
    versions: z.array(z.object({ version: z.number().int(), createdAt: z.string(), createdBy: z.string() })),
  })
  .openapi('QuestionnaireWithVersions');
const questionnaireParam = z.object({ id: z.string().openapi({ example: 'satisfaction' }) });

// A malformed id or version names nothing that can exist: 404, as for a malformed complaint id. The
// id never reaches SQL unchecked (a NUL in it would be a database error, not a miss).
function questionnaireKeyOf(id: string): string {
  if (!questionnaireKey.safeParse(id).success) throw new NotFoundError(`no questionnaire ${id}`);
  return id;
}

function versionNumber(id: string, version: string): number {
  if (!/^[1-9]\d{0,8}$/.test(version)) {
    throw new NotFoundError(`no version ${version} of questionnaire ${id}; versions are 1, 2, ...`);
  }
  return Number(version);
}

/** POST and GET /v1/questionnaires, GET /v1/questionnaires/{id} and /v1/questionnaires/{id}/versions/{version}. */
export function questionnaireRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/questionnaires',
      roles: AUTHORS,
      tags: ['Questionnaires'],
      summary: 'Create a questionnaire, or add a version of one by id when its title or questions change',
      description:
        'Questions are `open` (free text), `scale` (`min` < `max`, 0-10, with `labels` for both ends) or ' +
        '`choice` (`options`, `multiple`); every text is given per locale with `en` and `zh-CN` at least. ' +
        'Keep a question’s `id` while it means the same, so answers compare across versions. A new ' +
        'questionnaire answers 201; a change adds the next version (200, `outcome: new_version`); the ' +
        'latest content again adds nothing (200, `outcome: unchanged`). Versions are never changed: a ' +
        'callback keeps the version it used. 409 when `purpose` differs from the questionnaire’s.',
      request: { body: { required: true, content: json(questionnaireInput) } },
      responses: {
        201: { description: 'Created as version 1', content: json(saved) },
        200: { description: 'A new version, or unchanged', content: json(saved) },
        ...errorResponses(409, 413, 415),
      },
    }),
    async (c) => {
      const result = await saveQuestionnaire(ctx, {
        questionnaire: c.req.valid('json'),
        actor: c.var.principal.actor,
      });
      const body = { ...result.questionnaire, outcome: result.outcome };
      return result.outcome === 'created' ? c.json(body, 201) : c.json(body, 200);
    },
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/questionnaires',
      roles: READERS,
      tags: ['Questionnaires'],
      summary: 'The latest version of every questionnaire, by id',
      request: {
        query: z.strictObject({
          purpose: z.enum(PURPOSES, { error: `expected one of ${PURPOSES.join(', ')}` }).optional(),
        }),
      },
      responses: {
        200: {
          description: 'Questionnaires',
          content: json(z.object({ items: z.array(questionnaireOutput) }).openapi('Questionnaires')),
        },
      },
    }),
    async (c) => c.json({ items: await listQuestionnaires(ctx, c.req.valid('query')) }, 200),
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/questionnaires/{id}',
      roles: READERS,
      tags: ['Questionnaires'],
      summary: 'A questionnaire’s latest version, and the list of its versions',
      request: { params: questionnaireParam },
      responses: {
        200: { description: 'The questionnaire', content: json(withVersions) },
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const id = questionnaireKeyOf(c.req.valid('param').id);
      const questionnaire = await findQuestionnaire(ctx, id);
      if (!questionnaire) throw new NotFoundError(`no questionnaire ${id}`);
      return c.json(questionnaire, 200);
    },
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/questionnaires/{id}/versions/{version}',
      roles: READERS,
      tags: ['Questionnaires'],
      summary: 'One version of a questionnaire, as the callbacks that used it asked it',
      request: { params: questionnaireParam.extend({ version: z.string().openapi({ example: '2' }) }) },
      responses: {
        200: { description: 'The version', content: json(questionnaireOutput) },
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const param = c.req.valid('param');
      const id = questionnaireKeyOf(param.id);
      const version = versionNumber(id, param.version);
      const found = await questionnaireVersion(ctx.db, id, version);
      if (!found) throw new NotFoundError(`no version ${version} of questionnaire ${id}`);
      return c.json(found, 200);
    },
  );
  return router;
}
