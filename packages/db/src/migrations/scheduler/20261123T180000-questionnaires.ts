import { type Kysely, sql } from 'kysely';

// Questionnaires the callbacks ask, versioned: every change is a new immutable version, and a callback
// keeps the version it used, so its answers stay readable after later versions. The defaults of
// DOMAIN.md ship with it so a fresh install can call customers back at once, open question first.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table questionnaires (
      key text primary key check (key ~ '^[a-z][a-z0-9_-]{0,39}$'),
      purpose text not null check (purpose in ('confirmation', 'satisfaction', 'periodic', 'proactive', 'follow_up')),
      current_version int not null check (current_version >= 1),
      created_at timestamptz not null,
      created_by text not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`
    create table questionnaire_versions (
      key text not null references questionnaires (key),
      version int not null check (version >= 1),
      title jsonb not null,
      questions jsonb not null check (jsonb_typeof(questions) = 'array' and jsonb_array_length(questions) > 0),
      created_at timestamptz not null,
      created_by text not null,
      primary key (key, version)
    )`.execute(db);

  for (const questionnaire of DEFAULTS) {
    await sql`
      insert into questionnaires (key, purpose, current_version, created_at, created_by, updated_at)
      values (${questionnaire.key}, ${questionnaire.purpose}, 1, now(), 'default', now())
    `.execute(db);
    await sql`
      insert into questionnaire_versions (key, version, title, questions, created_at, created_by)
      values (
        ${questionnaire.key}, 1, ${JSON.stringify(questionnaire.title)}::jsonb,
        ${JSON.stringify(questionnaire.questions)}::jsonb, now(), 'default'
      )
    `.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table questionnaire_versions`.execute(db);
  await sql`drop table questionnaires`.execute(db);
}

// As the API stores them (every default filled in), so posting one back unchanged makes no version.
const yesPartlyNo = [
  { id: 'yes', text: { en: 'Yes, fully', 'zh-CN': '是的，全部到位了' } },
  { id: 'partly', text: { en: 'Partly', 'zh-CN': '部分到位' } },
  { id: 'no', text: { en: 'Not yet', 'zh-CN': '还没有' } },
];
const oneToFive = (en: string, zh: string) => ({
  kind: 'scale',
  required: true,
  text: { en, 'zh-CN': zh },
  min: 1,
  max: 5,
  labels: {
    min: { en: 'Very dissatisfied', 'zh-CN': '非常不满意' },
    max: { en: 'Very satisfied', 'zh-CN': '非常满意' },
  },
});

const DEFAULTS = [
  {
    key: 'satisfaction',
    purpose: 'satisfaction',
    title: { en: 'Satisfaction callback after a resolved complaint', 'zh-CN': '投诉处理后的满意度回访' },
    questions: [
      {
        id: 'expectations',
        kind: 'open',
        required: true,
        text: {
          en: 'Is there anything else you expected from how this was handled?',
          'zh-CN': '对于这次问题的处理，您还有什么其他的期待吗？',
        },
      },
      {
        id: 'solved',
        kind: 'choice',
        required: true,
        text: { en: 'Has the problem been solved?', 'zh-CN': '您遇到的问题现在解决了吗？' },
        multiple: false,
        options: [
          { id: 'yes', text: { en: 'Yes, fully', 'zh-CN': '已经完全解决了' } },
          { id: 'partly', text: { en: 'Partly', 'zh-CN': '解决了一部分' } },
          { id: 'no', text: { en: 'No', 'zh-CN': '还没有解决' } },
        ],
      },
      {
        id: 'satisfaction',
        ...oneToFive(
          'How satisfied are you with how we handled it, from 1 to 5?',
          '如果用 1 到 5 分评价您对这次处理的满意程度，您会打几分？',
        ),
      },
      {
        id: 'improve',
        kind: 'open',
        required: false,
        text: {
          en: 'What could we have done better?',
          'zh-CN': '您觉得我们还有哪些地方可以做得更好？',
        },
      },
    ],
  },
  {
    key: 'confirmation',
    purpose: 'confirmation',
    title: { en: 'Confirming the solution is in place', 'zh-CN': '解决方案落实确认' },
    questions: [
      {
        id: 'how_it_went',
        kind: 'open',
        required: true,
        text: {
          en: 'How has the solution we agreed on worked out for you?',
          'zh-CN': '我们商定的解决方案，落实下来情况怎么样？',
        },
      },
      {
        id: 'in_place',
        kind: 'choice',
        required: true,
        text: {
          en: 'Is it fully in place now (refund received, replacement arrived, repair done)?',
          'zh-CN': '方案现在都落实到位了吗？（比如退款已到账、换货已收到、维修已完成）',
        },
        multiple: false,
        options: yesPartlyNo,
      },
    ],
  },
  {
    key: 'care',
    purpose: 'periodic',
    title: { en: 'Periodic care callback', 'zh-CN': '定期关怀回访' },
    questions: [
      {
        id: 'experience',
        kind: 'open',
        required: true,
        text: {
          en: 'How has shopping with us been lately? Is there anything you expected that we have not done?',
          'zh-CN': '最近在我们这里购物的体验怎么样？有没有哪些您期待的地方我们还没做到？',
        },
      },
      {
        id: 'product_quality',
        kind: 'open',
        required: false,
        text: {
          en: 'How do you find the quality of the products you bought from us?',
          'zh-CN': '您觉得在我们这里买的商品质量怎么样？',
        },
      },
      {
        id: 'service_attitude',
        kind: 'open',
        required: false,
        text: {
          en: 'When you contacted our customer service, how were you treated?',
          'zh-CN': '您联系我们客服的时候，觉得服务态度怎么样？',
        },
      },
      {
        id: 'delivery_speed',
        kind: 'open',
        required: false,
        text: {
          en: 'How did you find the delivery: how fast it was and the state your orders arrived in?',
          'zh-CN': '您觉得我们的配送速度怎么样？商品送到时包装和商品都完好吗？',
        },
      },
      {
        id: 'overall',
        ...oneToFive(
          'Overall, how satisfied are you with shopping with us, from 1 to 5?',
          '总体来说，如果用 1 到 5 分评价在我们这里的购物体验，您会打几分？',
        ),
      },
    ],
  },
];
