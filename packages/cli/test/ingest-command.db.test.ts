import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnv, toConfig } from '@aftercare/config';
import { withContext } from '@aftercare/context';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { listen, type RunningServer } from '@aftercare/http';
import { createTestApp, createTestContext } from '@aftercare/http/testing';
import { seedKitchenCatalogue } from '@aftercare/reference/testing';
import { ManualClock } from '@aftercare/runtime';
import { createWatcherService } from '@aftercare/watcher';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  databaseMentionWriter,
  type IngestProgress,
  ingestFile,
  MAX_LISTED_REJECTIONS,
  printIngestSummary,
  runIngest,
} from '../src/ingest-command.js';

const NOW = '2026-03-02T02:30:00.000Z';

/** A mention of the KET-1 kettle from the kitchen catalogue, posted twenty minutes before NOW. */
function mention(source: string, externalId: string, fields: Record<string, unknown> = {}) {
  return {
    source,
    externalId,
    text: 'The kettle started leaking after a week, really disappointed',
    occurredAt: '2026-03-02T02:10:00.000Z',
    sku: 'KET-1',
    ...fields,
  };
}

/**
 * A backfill as a feed's export looks after a bad night: three good posts, one posted twice, a line
 * cut off mid-object, a post without its text, and a blank line between them.
 */
function badNightFile(source: string, region: string, occurredAt = '2026-03-02T02:10:00.000Z') {
  const post = (id: string, fields: Record<string, unknown> = {}) =>
    JSON.stringify(mention(source, id, { region, occurredAt, ...fields }));
  return [
    post('p-1'),
    post('p-2', { text: '烧水壶用了三天就坏了，质量太差' }),
    '',
    post('p-1'), // line 4: the same post again
    '{"source": "weibo", "externalId": "p-cut', // line 5: not JSON
    post('p-3', { text: undefined }), // line 6: no text
    post('p-4', { rating: 5, text: 'Lovely kettle, boils fast' }),
  ].join('\n');
}

describe(`aftercare ingest on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let folder: string;
  let server: RunningServer | undefined;
  let ctx: Awaited<ReturnType<typeof createTestContext>>;

  const countFor = async (table: 'mentions' | 'mention_keys', source: string) =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('source', '=', source)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const cellsOf = async (region: string) =>
    (
      await sql<{ granularity: string; sku: string; mentions: number; negative: number }>`
        select c.granularity, p.sku, c.mentions, c.negative
        from risk_cells c join products p on p.id = c.product_id
        where c.region = ${region} order by 1`.execute(database.db)
    ).rows;

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await createTestContext(database, { clock: new ManualClock(NOW) });
    await seedKitchenCatalogue(ctx);
  });
  afterAll(async () => {
    await ctx?.close();
    await database?.dispose();
  });
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'aftercare-ingest-'));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await server?.close(1_000);
    server = undefined;
    await rm(folder, { recursive: true, force: true });
  });

  /** What the command prints on stdout, line by line. */
  function captureStdout(): string[] {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => printed.push(line));
    return printed;
  }

  it('takes good lines in, counts a duplicate once and names bad lines by their line in the file', async () => {
    const file = join(folder, 'bad-night.ndjson');
    await writeFile(file, badNightFile('t_local', 'Hunan'));
    const summary = await ingestFile(databaseMentionWriter(ctx), { path: file });
    expect(summary).toMatchObject({ lines: 6, accepted: 3, duplicates: 1, rejected: 2 });
    expect(summary.problems).toEqual([
      { line: 5, field: '(line)', reason: 'not a JSON object' },
      { line: 6, field: 'text', reason: expect.any(String) },
    ]);
    expect(await countFor('mentions', 't_local')).toBe(3);
    // Counted into the kettle's hour and day cells for the region, two of the three negative.
    expect(await cellsOf('Hunan')).toEqual([
      { granularity: 'day', sku: 'KET-1', mentions: 3, negative: 2 },
      { granularity: 'hour', sku: 'KET-1', mentions: 3, negative: 2 },
    ]);

    // Again: everything is a duplicate now, nothing counted twice.
    const again = await ingestFile(databaseMentionWriter(ctx), { path: file });
    expect(again).toMatchObject({ accepted: 0, duplicates: 4, rejected: 2 });
    expect((await cellsOf('Hunan'))[0]?.mentions).toBe(3);
  });

  it('sends batches to a running instance with --url, and exits 2 naming the rejected lines', async () => {
    const api = await createTestApp(ctx, (c) => [createWatcherService(c)]);
    server = await listen(api.app, '127.0.0.1', 0);
    const file = join(folder, 'bad-night.ndjson');
    await writeFile(file, badNightFile('t_url', 'Hubei'));
    const printed = captureStdout();
    const noDatabase = () => {
      throw new Error('--url must not open the database');
    };
    const code = await runIngest(file, { url: server.url, token: api.tokens.ingest, loadConfig: noDatabase });
    expect(code, printed.join('\n')).toBe(2);
    expect(printed[0]).toMatch(
      /^mentions: 6 lines in \d+\.\d s \(\d+ lines\/s\): 3 accepted, 1 duplicates, 2 rejected$/,
    );
    expect(printed.slice(1, 3)).toEqual([
      '  line 5: (line): not a JSON object',
      expect.stringMatching(/^ {2}line 6: text: /),
    ]);
    expect(await countFor('mentions', 't_url')).toBe(3);
    expect(await cellsOf('Hubei')).toEqual([
      { granularity: 'day', sku: 'KET-1', mentions: 3, negative: 2 },
      { granularity: 'hour', sku: 'KET-1', mentions: 3, negative: 2 },
    ]);

    await expect(
      runIngest(file, { url: server.url, token: api.tokens.marketing, loadConfig: noDatabase }),
    ).rejects.toThrow(/answered 403/);
    await expect(runIngest(file, { url: server.url, loadConfig: noDatabase })).rejects.toThrow(
      '--url needs AFTERCARE_TOKEN',
    );
  });

  it('counts a file of several batches exactly, duplicates and rejections across batches included', async () => {
    const file = join(folder, 'backfill.ndjson');
    const lines: string[] = [];
    for (let i = 1; i <= 25_000; i++) {
      if (i === 10_001) lines.push(JSON.stringify(mention('t_big', 'b-1', { region: 'Sichuan' })));
      else if (i === 20_000) lines.push('not json');
      else lines.push(JSON.stringify(mention('t_big', `b-${i}`, { region: 'Sichuan' })));
    }
    await writeFile(file, `${lines.join('\n')}\n`);
    const progress: IngestProgress[] = [];
    const summary = await ingestFile(databaseMentionWriter(ctx), {
      path: file,
      onProgress: (p) => progress.push(p),
    });
    expect(summary).toMatchObject({ lines: 25_000, accepted: 24_998, duplicates: 1, rejected: 1 });
    expect(summary.problems).toEqual([{ line: 20_000, field: '(line)', reason: 'not a JSON object' }]);
    expect(progress.map((p) => p.lines)).toEqual([10_000, 20_000, 25_000]);
    expect(progress.at(-1)).toMatchObject({ bytesDone: summary.bytes, totalBytes: summary.bytes });
    expect(await countFor('mentions', 't_big')).toBe(24_998);
    expect(await countFor('mention_keys', 't_big')).toBe(24_998);
    expect((await cellsOf('Sichuan')).map((c) => c.mentions)).toEqual([24_998, 24_998]);
  }, 120_000);

  it('lists the first rejections and counts the rest', async () => {
    const file = join(folder, 'all-bad.ndjson');
    await writeFile(file, Array.from({ length: MAX_LISTED_REJECTIONS + 5 }, () => '[1, 2').join('\n'));
    const summary = await ingestFile(databaseMentionWriter(ctx), { path: file });
    const printed: string[] = [];
    printIngestSummary(summary, (line) => printed.push(line));
    expect(printed[0]).toContain(`0 accepted, 0 duplicates, ${MAX_LISTED_REJECTIONS + 5} rejected`);
    expect(printed).toHaveLength(1 + MAX_LISTED_REJECTIONS + 1);
    expect(printed[1]).toBe('  line 1: (line): not a JSON object');
    expect(printed.at(-1)).toBe('  ... and 5 more lines');
  });

  it('writes into the database the configuration names when there is no --url', async () => {
    // The command opens its own context (real clock): the posts are from an hour ago.
    const file = join(folder, 'bad-night.ndjson');
    await writeFile(file, badNightFile('t_cmd', 'Anhui', new Date(Date.now() - 3_600_000).toISOString()));
    const env = database.url
      ? { DATABASE_URL: database.url, LOG_LEVEL: 'silent' }
      : { AFTERCARE_DATA_DIR: join(folder, 'data'), LOG_LEVEL: 'silent' };
    const config = toConfig(readEnv(env));
    // The embedded database starts empty: the kettle the posts name must be in it.
    if (!database.url) await withContext(config, (own) => seedKitchenCatalogue(own));
    const printed = captureStdout();
    expect(await runIngest(file, { loadConfig: () => config })).toBe(2);
    expect(printed[0]).toContain('3 accepted, 1 duplicates, 2 rejected');
    const kept = await withContext(config, async (own) =>
      own.db.selectFrom('mentions').select('external_id').where('source', '=', 't_cmd').execute(),
    );
    expect(kept.map((m) => m.external_id).sort()).toEqual(['p-1', 'p-2', 'p-4']);
  }, 120_000);

  it('says plainly that a file is missing, before opening any database', async () => {
    const missing = join(folder, 'nope.ndjson');
    const loadConfig = vi.fn(() => toConfig(readEnv({})));
    await expect(runIngest(missing, { loadConfig })).rejects.toThrow(`${missing}: no such file`);
    expect(loadConfig).not.toHaveBeenCalled();
    await expect(runIngest(missing, { url: 'http://127.0.0.1:9', token: 't', loadConfig })).rejects.toThrow(
      `${missing}: no such file`,
    );
    await expect(runIngest(folder, { loadConfig })).rejects.toThrow('is a folder, not an NDJSON file');
  });
});
