import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createTestApp, createTestContext } from '@aftercare/http/testing';
import { ManualClock } from '@aftercare/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedulerService } from '../src/index.js';
import { questionnaireVersion } from '../src/questionnaires/find.js';

type Question = { id: string; kind: string; required: boolean; text: Record<string, string> } & Record<
  string,
  unknown
>;
type Questionnaire = {
  id: string;
  version: number;
  purpose: string;
  title: Record<string, string>;
  questions: Question[];
  outcome?: string;
  versions?: { version: number; createdBy: string }[];
};
type Problem = { type: string; errors?: { field: string; reason: string }[] };

const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/** A delivery questionnaire as a supervisor would write it: an open question first, a scale, a choice. */
function deliveryQuestionnaire(id: string) {
  return {
    id,
    purpose: 'follow_up',
    title: text('After a late delivery', '配送延误后的回访'),
    questions: [
      {
        id: 'expectations',
        kind: 'open',
        required: true,
        text: text('What did you expect from us when the parcel was late?', '包裹延误时，您希望我们怎么做？'),
      },
      {
        id: 'speed',
        kind: 'scale',
        text: text('How fast was the delivery in the end?', '最终的配送速度您觉得怎么样？'),
        min: 1,
        max: 5,
        labels: { min: text('Far too slow', '太慢了'), max: text('Fast', '很快') },
      },
      {
        id: 'arrived',
        kind: 'choice',
        text: text('Did everything arrive?', '东西都收到了吗？'),
        options: [
          { id: 'yes', text: text('Yes', '都收到了') },
          { id: 'no', text: text('No', '没有') },
        ],
      },
    ],
  };
}

describe(`questionnaires on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let api: Awaited<ReturnType<typeof createTestApp>>;
  const clock = new ManualClock('2026-03-02T02:00:00Z');
  const post = (json: unknown, token = api.tokens.supervisor) =>
    api.request('/v1/questionnaires', { method: 'POST', token, json });
  const get = async <T = Questionnaire>(path: string, token = api.tokens.agent) => {
    const res = await api.request(path, { token });
    expect(res.status, `GET ${path}: ${res.status}`).toBe(200);
    return (await res.json()) as T;
  };
  const versionsOf = async (id: string) =>
    database.db
      .selectFrom('questionnaire_versions')
      .select('version')
      .where('key', '=', id)
      .orderBy('version')
      .execute();

  beforeAll(async () => {
    database = await createTestDatabase();
    const ctx = await createTestContext(database, { clock });
    api = await createTestApp(ctx, (c) => [createSchedulerService(c)]);
  });
  afterAll(async () => database?.dispose());

  it('ships the default questionnaires in English and Chinese, each opening with an open question', async () => {
    const { items } = await get<{ items: Questionnaire[] }>('/v1/questionnaires');
    const defaults = new Map(items.map((q) => [q.id, q]));
    expect([...defaults.keys()]).toEqual(expect.arrayContaining(['care', 'confirmation', 'satisfaction']));
    expect(defaults.get('care')!.purpose).toBe('periodic');
    for (const id of ['care', 'confirmation', 'satisfaction']) {
      const questionnaire = defaults.get(id)!;
      expect(questionnaire.version, id).toBe(1);
      expect(questionnaire.questions[0]!.kind, `${id} opens with an open question`).toBe('open');
      for (const question of questionnaire.questions) {
        expect(Object.keys(question.text).sort(), `${id}.${question.id}`).toEqual(['en', 'zh-CN']);
        expect(question.text['zh-CN'], `${id}.${question.id}`).toMatch(/\p{Script=Han}/u);
      }
    }
    expect(defaults.get('satisfaction')!.questions[0]!.text.en).toBe(
      'Is there anything else you expected from how this was handled?',
    );
    expect(defaults.get('care')!.questions.map((q) => q.id)).toEqual(
      expect.arrayContaining(['product_quality', 'service_attitude', 'delivery_speed']),
    );
    const periodic = await get<{ items: Questionnaire[] }>('/v1/questionnaires?purpose=periodic');
    expect(periodic.items.every((q) => q.purpose === 'periodic')).toBe(true);
  });

  it('takes a default back unchanged: the migration stores what the API would', async () => {
    const current = await get('/v1/questionnaires/satisfaction');
    const { id, purpose, title, questions } = current;
    const res = await post({ id, purpose, title, questions });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ version: current.version, outcome: 'unchanged' });
  });

  it('creates version 1, adds version 2 on a change, and keeps version 1 readable as it was', async () => {
    const first = deliveryQuestionnaire('late-delivery');
    const created = await post(first);
    expect(created.status).toBe(201);
    const v1 = (await created.json()) as Questionnaire;
    expect(v1).toMatchObject({ id: 'late-delivery', version: 1, outcome: 'created' });
    // Defaults filled in and stored, so the version is complete as written.
    expect(v1.questions[1]).toMatchObject({ required: false, min: 1, max: 5 });
    expect(v1.questions[2]).toMatchObject({ multiple: false });

    clock.advance(60_000);
    const changed = structuredClone(first);
    changed.questions[0]!.text.en = 'What did you expect from us when your parcel was late?';
    const second = await post(changed);
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ version: 2, outcome: 'new_version' });

    const latest = await get('/v1/questionnaires/late-delivery');
    expect(latest.version).toBe(2);
    expect(latest.questions[0]!.text.en).toBe('What did you expect from us when your parcel was late?');
    expect(latest.versions!.map((v) => v.version)).toEqual([1, 2]);

    const old = await get('/v1/questionnaires/late-delivery/versions/1', api.tokens.marketing);
    expect(old).toMatchObject({ id: 'late-delivery', version: 1 });
    expect(old.questions[0]!.text.en).toBe('What did you expect from us when the parcel was late?');
    expect(old.questions.map((q) => q.id)).toEqual(['expectations', 'speed', 'arrived']);
    expect(await questionnaireVersion(database.db, 'late-delivery', 1)).toMatchObject({ version: 1 });
    expect(await questionnaireVersion(database.db, 'late-delivery')).toMatchObject({ version: 2 });
  });

  it('adds no version for the same content, whatever the key order or locale spelling', async () => {
    const body = deliveryQuestionnaire('same-again');
    expect((await post(body)).status).toBe(201);
    const respelled = structuredClone(body) as { questions: Record<string, unknown>[] };
    respelled.questions[0] = {
      text: { 'zh-cn': body.questions[0]!.text['zh-CN'], en: body.questions[0]!.text.en },
      required: true,
      kind: 'open',
      id: 'expectations',
    };
    const again = await post(respelled);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ version: 1, outcome: 'unchanged' });
    expect(await versionsOf('same-again')).toEqual([{ version: 1 }]);
  });

  it('numbers versions saved at the same time one after the other', async () => {
    const body = deliveryQuestionnaire('raced');
    const created = await Promise.all([post(body), post(body)]);
    expect(created.map((res) => res.status).sort()).toEqual([200, 201]);
    const titled = (en: string) => post({ ...body, title: text(en, `${en}（中文）`) });
    const changed = await Promise.all([titled('First'), titled('Second'), titled('Third')]);
    expect(changed.map((res) => res.status)).toEqual([200, 200, 200]);
    expect(await versionsOf('raced')).toEqual([
      { version: 1 },
      { version: 2 },
      { version: 3 },
      { version: 4 },
    ]);
  });

  it('writes an audit entry for each version, none for an unchanged save', async () => {
    const body = deliveryQuestionnaire('audited');
    await post(body);
    await post(body);
    await post({ ...body, title: text('After a delayed delivery', '配送延迟后的回访') });
    const entries = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'details'])
      .where('entity', '=', 'questionnaire')
      .where('entity_id', '=', 'audited')
      .orderBy('id')
      .execute();
    expect(entries.map((e) => e.action)).toEqual(['questionnaire.created', 'questionnaire.versioned']);
    expect(entries[0]!.actor).toMatch(/^token:\d+$/);
    expect(entries[1]!.details).toMatchObject({ version: 2, title: { en: 'After a delayed delivery' } });
  });

  it('refuses bad questionnaires naming the field, and changes nothing', async () => {
    const valid = deliveryQuestionnaire('refused');
    const withQuestion = (index: number, change: Record<string, unknown>) => {
      const body = structuredClone(valid) as { questions: Record<string, unknown>[] };
      body.questions[index] = { ...body.questions[index], ...change };
      return body;
    };
    const cases: [string, unknown, string][] = [
      ['an unknown kind', withQuestion(0, { kind: 'essay' }), 'questions.0.kind'],
      ['a scale without bounds', withQuestion(1, { min: undefined }), 'questions.1.min'],
      ['a scale with min >= max', withQuestion(1, { min: 5, max: 5 }), 'questions.1.max'],
      ['a scale without labels', withQuestion(1, { labels: undefined }), 'questions.1.labels'],
      ['a choice without options', withQuestion(2, { options: [] }), 'questions.2.options'],
      [
        'a choice with one option twice',
        withQuestion(2, {
          options: [
            { id: 'yes', text: text('Yes', '是') },
            { id: 'yes', text: text('Yes!', '是！') },
          ],
        }),
        'questions.2.options.1.id',
      ],
      ['a question id twice', withQuestion(2, { id: 'expectations' }), 'questions.2.id'],
      [
        'a question without zh-CN',
        withQuestion(0, { text: { en: 'Anything else?' } }),
        'questions.0.text.zh-CN',
      ],
      ['no questions', { ...valid, questions: [] }, 'questions'],
      [
        'markup in a text',
        withQuestion(0, { text: text('<b>Anything</b> else?', '还有别的吗？') }),
        'questions.0.text.en',
      ],
      [
        'a bad locale tag',
        withQuestion(0, { text: { ...text('Hi', '你好'), '!!': 'x' } }),
        'questions.0.text.!!',
      ],
      ['an unknown field', withQuestion(0, { colour: 'red' }), 'questions.0.colour'],
      ['an unknown purpose', { ...valid, purpose: 'marketing' }, 'purpose'],
      ['a title without en', { ...valid, title: { 'zh-CN': '回访' } }, 'title.en'],
      ['an id with spaces', { ...valid, id: 'late delivery' }, 'id'],
    ];
    for (const [what, body, field] of cases) {
      const res = await post(body);
      const problem = (await res.json()) as Problem;
      expect(res.status, `${what}: ${JSON.stringify(problem)}`).toBe(400);
      expect(
        problem.errors?.map((e) => e.field),
        `${what}: ${JSON.stringify(problem.errors)}`,
      ).toContain(field);
    }
    expect(await versionsOf('refused')).toEqual([]);
    expect((await api.request('/v1/questionnaires/refused', { token: api.tokens.agent })).status).toBe(404);
  });

  it('keeps a questionnaire to its purpose: another purpose is a conflict, not a version', async () => {
    const body = deliveryQuestionnaire('kept-purpose');
    await post(body);
    const res = await post({ ...body, purpose: 'periodic', title: text('Care', '关怀') });
    expect(res.status).toBe(409);
    expect(await versionsOf('kept-purpose')).toEqual([{ version: 1 }]);
  });

  it('answers 404 for a questionnaire or version that does not exist', async () => {
    for (const path of [
      '/v1/questionnaires/no-such',
      '/v1/questionnaires/Not%20An%20Id',
      '/v1/questionnaires/satisfaction/versions/99',
      '/v1/questionnaires/satisfaction/versions/0',
      '/v1/questionnaires/satisfaction/versions/one',
    ]) {
      const res = await api.request(path, { token: api.tokens.supervisor });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/problem\+json/);
    }
  });

  it('lets supervisors write, agents, supervisors and marketing read, and nobody else', async () => {
    const body = deliveryQuestionnaire('guarded');
    expect((await post(body, api.tokens.agent)).status).toBe(403);
    expect((await post(body, api.tokens.marketing)).status).toBe(403);
    expect((await post(body, api.tokens.ingest)).status).toBe(403);
    expect((await api.request('/v1/questionnaires', { method: 'POST', json: body })).status).toBe(401);
    expect((await api.request('/v1/questionnaires', { token: api.tokens.ingest })).status).toBe(403);
    expect((await api.request('/v1/questionnaires')).status).toBe(401);
    for (const token of [api.tokens.agent, api.tokens.supervisor, api.tokens.marketing]) {
      expect((await api.request('/v1/questionnaires/care', { token })).status).toBe(200);
    }
    expect(await versionsOf('guarded')).toEqual([]);
  });
});
