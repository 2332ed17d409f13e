import type { LocalizedText, QuestionnairePurpose, StoredQuestion } from '@aftercare/db';
import { locale, plainText } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';

/** Every text is written in these, so an agent can read any questionnaire to any customer we have. */
export const REQUIRED_LOCALES = ['en', 'zh-CN'] as const;

export const PURPOSES = [
  'confirmation',
  'satisfaction',
  'periodic',
  'proactive',
  'follow_up',
] as const satisfies readonly QuestionnairePurpose[];

/** The questionnaire the migration installs for each kind of callback that has a default. */
export const DEFAULT_QUESTIONNAIRES = {
  confirmation: 'confirmation',
  satisfaction: 'satisfaction',
  periodic: 'care',
} as const satisfies Partial<Record<QuestionnairePurpose, string>>;

const MAX_LOCALES = 20;
const MAX_QUESTIONS = 30;
const MAX_OPTIONS = 20;

/** A questionnaire's id, chosen by its author (`satisfaction`, `care`): what callbacks name it by. */
export const questionnaireKey = z
  .string({ error: 'expected a questionnaire id' })
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, {
    error: 'expected an id of lower-case letters, digits, - and _, up to 40, starting with a letter',
  })
  .openapi({ example: 'satisfaction' });

const slug = (what: string, example: string) =>
  z.string({ error: `expected ${what}` }).regex(/^[a-z][a-z0-9_]{0,39}$/, {
    error: `expected ${what} of lower-case letters, digits and _, up to 40, starting with a letter (${example})`,
  });

/**
 * Text per locale (`{"en": "...", "zh-CN": "..."}`): tags canonicalised (`zh-cn` -> `zh-CN`), `en`
 * and `zh-CN` required, others allowed; plain text only.
 */
function localizedText(max: number) {
  return z
    .record(z.string(), plainText(max), {
      error: 'expected the text per locale, e.g. {"en": ..., "zh-CN": ...}',
    })
    .transform((texts, ctx) => {
      const canonical: Record<string, string> = {};
      for (const [tag, text] of Object.entries(texts)) {
        const parsed = locale.safeParse(tag);
        if (!parsed.success) {
          ctx.addIssue({ code: 'custom', path: [tag], message: 'not a language tag such as en or zh-CN' });
        } else if (Object.hasOwn(canonical, parsed.data)) {
          ctx.addIssue({ code: 'custom', path: [tag], message: `${parsed.data} is given twice` });
        } else {
          canonical[parsed.data] = text;
        }
      }
      for (const required of REQUIRED_LOCALES) {
        if (!Object.hasOwn(canonical, required)) {
          ctx.addIssue({
            code: 'custom',
            path: [required],
            message: `the ${required} text is missing: every text is written in ${REQUIRED_LOCALES.join(' and ')}`,
          });
        }
      }
      if (Object.keys(canonical).length > MAX_LOCALES) {
        ctx.addIssue({ code: 'custom', message: `at most ${MAX_LOCALES} locales` });
      }
      return canonical as LocalizedText;
    })
    .openapi({
      type: 'object',
      additionalProperties: { type: 'string' },
      required: [...REQUIRED_LOCALES],
      example: { en: 'Is the solution in place?', 'zh-CN': '解决方案落实了吗？' },
    });
}

const questionFields = {
  id: slug('a question id', 'e.g. expectations').openapi({
    description: 'keep it while the question means the same, so answers compare across versions',
  }),
  text: localizedText(500),
  required: z
    .boolean({ error: 'expected true or false' })
    .default(false)
    .openapi({ description: 'the agent must record an answer' }),
};

const openQuestion = z
  .strictObject({ kind: z.literal('open'), ...questionFields })
  .openapi('OpenQuestionInput');

const scalePoint = z
  .number({ error: 'expected a whole number from 0 to 10' })
  .int({ error: 'expected a whole number from 0 to 10' })
  .min(0, { error: 'must be at least 0' })
  .max(10, { error: 'must be at most 10' });

const scaleQuestion = z
  .strictObject({
    kind: z.literal('scale'),
    ...questionFields,
    min: scalePoint,
    max: scalePoint,
    labels: z
      .strictObject(
        { min: localizedText(100), max: localizedText(100) },
        { error: 'expected what each end of the scale means: {"min": {...}, "max": {...}}' },
      )
      .openapi({ description: 'what the lowest and the highest answer mean' }),
  })
  .superRefine((question, ctx) => {
    if (question.min >= question.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be greater than min' });
    }
  })
  .openapi('ScaleQuestionInput');

const choiceQuestion = z
  .strictObject({
    kind: z.literal('choice'),
    ...questionFields,
    multiple: z
      .boolean({ error: 'expected true or false' })
      .default(false)
      .openapi({ description: 'more than one option may be chosen' }),
    options: z
      .array(z.strictObject({ id: slug('an option id', 'e.g. yes'), text: localizedText(200) }), {
        error: 'expected the options to choose from',
      })
      .min(2, { error: 'a choice needs at least 2 options' })
      .max(MAX_OPTIONS, { error: `at most ${MAX_OPTIONS} options` })
      .superRefine((options, ctx) => flagDuplicateIds(options, ctx)),
  })
  .openapi('ChoiceQuestionInput');

function flagDuplicateIds(items: readonly { id: string }[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `${item.id} is used twice` });
    }
    seen.add(item.id);
  });
}

export const questionInput = z.discriminatedUnion('kind', [openQuestion, scaleQuestion, choiceQuestion], {
  error: (issue) => (issue.code === 'invalid_union' ? 'expected kind open, scale or choice' : undefined),
});

export const questionnaireInput = z
  .strictObject({
    id: questionnaireKey,
    purpose: z.enum(PURPOSES, { error: `expected one of ${PURPOSES.join(', ')}` }).openapi({
      description: 'the callbacks it is for; fixed once the questionnaire exists',
    }),
    title: localizedText(120),
    questions: z
      .array(questionInput, { error: 'expected a list of questions' })
      .min(1, { error: 'a questionnaire needs at least one question' })
      .max(MAX_QUESTIONS, { error: `at most ${MAX_QUESTIONS} questions` })
      .superRefine((questions, ctx) => flagDuplicateIds(questions, ctx)),
  })
  .openapi('QuestionnaireInput');
export type QuestionnaireInput = z.output<typeof questionnaireInput>;

const textOutput = z
  .record(z.string(), z.string())
  .openapi({ example: { en: 'Is the solution in place?', 'zh-CN': '解决方案落实了吗？' } });
const questionOutputFields = { id: z.string(), required: z.boolean(), text: textOutput };

export const questionOutput = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('open'), ...questionOutputFields }),
    z.object({
      kind: z.literal('scale'),
      ...questionOutputFields,
      min: z.number().int(),
      max: z.number().int(),
      labels: z.object({ min: textOutput, max: textOutput }),
    }),
    z.object({
      kind: z.literal('choice'),
      ...questionOutputFields,
      multiple: z.boolean(),
      options: z.array(z.object({ id: z.string(), text: textOutput })),
    }),
  ])
  .openapi('Question');

export const questionnaireOutput = z
  .object({
    id: z.string().openapi({ example: 'satisfaction' }),
    version: z.number().int().openapi({ description: 'callbacks keep the version they used' }),
    purpose: z.enum(PURPOSES),
    title: textOutput,
    questions: z.array(questionOutput),
    createdAt: z.string().openapi({ description: 'when this version was written' }),
    createdBy: z.string(),
  })
  .openapi('Questionnaire');

/** One questionnaire version as every reader gets it: what a callback shows and checks answers on. */
export interface QuestionnaireVersion {
  id: string;
  version: number;
  purpose: QuestionnairePurpose;
  title: LocalizedText;
  questions: StoredQuestion[];
  createdAt: string;
  createdBy: string;
}

/**
 * The text for a customer's locale: the exact tag, else the same language (`zh-TW` -> `zh-CN`),
 * else English.
 * @example textIn(question.text, 'zh-CN') // '对于这次问题的处理，您还有什么其他的期待吗？'
 */
export function textIn(text: LocalizedText, tag: string): string {
  const exact = text[tag];
  if (exact !== undefined) return exact;
  const language = tag.split('-')[0]!.toLowerCase();
  const sameLanguage = Object.keys(text).find((key) => key.split('-')[0]!.toLowerCase() === language);
  return sameLanguage === undefined ? text.en : text[sameLanguage]!;
}
