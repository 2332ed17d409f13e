import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { ConflictError, type FieldProblem, ValidationError } from '@aftercare/runtime';
import { toFieldProblems } from '@aftercare/schemas';
import { type BatchResult, MAX_BATCH } from '../schemas.js';
import { csvColumnFor } from './csv-columns.js';
import {
  ENTITIES,
  type EntitySpec,
  type ImportEntity,
  type ImportTarget,
  isImportEntity,
  type WriteOptions,
} from './entities.js';
import { type ImportProblem, ProblemList } from './problem-list.js';
import { type ImportFormat, readRecords } from './read-records.js';

export interface ImportProgress {
  /** `checking` is the first pass over the file, `writing` the second. */
  phase: 'checking' | 'writing';
  bytesRead: number;
  totalBytes: number;
  records: number;
}

export interface ImportOptions {
  entity: ImportEntity;
  path: string;
  /** Defaults from the extension: .csv, or .ndjson / .jsonl. */
  format?: ImportFormat;
  /** Records per upsert transaction, at most MAX_BATCH. */
  batchSize?: number;
  /** Recorded as the consent source of customers whose row has none. */
  defaultConsentSource?: string;
  onProgress?: (progress: ImportProgress) => void;
  /** Checked between batches; batches already written stay written (a re-run is idempotent). */
  signal?: AbortSignal;
}

export interface ImportSummary {
  entity: ImportEntity;
  file: string;
  /** Records in the file, rejected ones included. */
  records: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Records not written, all of them counted. */
  rejected: number;
  /** Why, in file order; at most MAX_LISTED_PROBLEMS of them. */
  problems: ImportProblem[];
  seconds: number;
}

export const MAX_LISTED_PROBLEMS = 1000;

/**
 * Writes one checked batch somewhere else than this process's database (the API of a running
 * instance, say). It must be all or nothing and throw a ValidationError naming refused records by index.
 */
export type BatchWriter = (
  entity: ImportEntity,
  records: readonly unknown[],
  options: WriteOptions,
) => Promise<BatchResult>;

interface Run<T> {
  spec: EntitySpec<T>;
  /** Where batches go: the database, through the entity's upsert, or a BatchWriter. */
  target: ImportTarget | BatchWriter;
  options: ImportOptions;
  format: ImportFormat;
  batchSize: number;
  totalBytes: number;
  problems: ProblemList;
}

/**
 * Imports a CSV or NDJSON file of customers, products or orders, streaming it twice: the first pass
 * validates every record and finds repeated keys, so a file that cannot be parsed writes nothing;
 * the second upserts the valid records in batches. Re-importing a file changes nothing.
 *
 * @example
 * const summary = await importFile({ ctx, actor: 'cli' }, { entity: 'orders', path: 'orders.csv' });
 * // { records: 100000, inserted: 99990, updated: 0, unchanged: 0, rejected: 10, problems: [...] }
 */
export async function importFile(
  target: ImportTarget | BatchWriter,
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = performance.now();
  if (!isImportEntity(options.entity)) {
    throw new ValidationError('unknown entity', [
      { field: 'entity', reason: 'expected customers, products or orders' },
    ]);
  }
  const batchSize = options.batchSize ?? MAX_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) {
    throw new ValidationError('bad batch size', [
      { field: 'batchSize', reason: `expected 1 to ${MAX_BATCH}` },
    ]);
  }
  const before = await stat(options.path);
  // The spec's record type differs per entity; the run only passes records from schema to upsert.
  const spec: EntitySpec<unknown> = ENTITIES[options.entity];
  const run: Run<unknown> = {
    spec,
    target,
    options,
    format: formatOf(options.path, options.format),
    batchSize,
    totalBytes: before.size,
    problems: new ProblemList(MAX_LISTED_PROBLEMS),
  };
  options.signal?.throwIfAborted();
  const records = await checkRecords(run);

  const after = await stat(options.path);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
    throw new ConflictError(`${options.path} changed while it was being checked; nothing was imported`);
  }
  const totals = await writeRecords(run);
  return {
    entity: options.entity,
    file: options.path,
    records,
    ...totals,
    rejected: run.problems.rejected,
    problems: run.problems.problems,
    seconds: Math.round(performance.now() - started) / 1000,
  };
}

function formatOf(path: string, format: string | undefined): ImportFormat {
  if (format === 'csv' || format === 'ndjson') return format;
  if (format !== undefined) {
    throw new ValidationError(`unknown format ${format}`, [
      { field: 'format', reason: 'expected csv or ndjson' },
    ]);
  }
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.ndjson' || extension === '.jsonl') return 'ndjson';
  throw new ValidationError(`cannot tell the format of ${path}`, [
    { field: 'format', reason: 'name the format (csv or ndjson) or use a .csv, .ndjson or .jsonl file' },
  ]);
}

/** Pass 1: every record parsed and validated, keys checked across the whole file; nothing written. */
async function checkRecords<T>(run: Run<T>): Promise<number> {
  const { spec, options, problems } = run;
  const source = readRecords(options.path, run.format, options.entity);
  const firstLineOf = new Map<string, number>();
  let records = 0;
  for await (const { line, record, problems: cellProblems } of source.records) {
    records++;
    const parsed = validate(run, record, cellProblems);
    if (!parsed.ok) problems.reject(line, parsed.problems);
    else {
      const key = spec.key(parsed.record);
      const first = firstLineOf.get(key);
      // The first occurrence wins, as if the file had been imported a line at a time.
      if (first !== undefined) {
        problems.reject(line, [
          { field: spec.keyField, reason: `repeats line ${first} (${key}), which was imported` },
        ]);
      } else firstLineOf.set(key, line);
    }
    if (records % run.batchSize === 0) {
      options.signal?.throwIfAborted();
      report(run, 'checking', source.bytesRead(), records);
    }
  }
  report(run, 'checking', run.totalBytes, records);
  return records;
}

/** Pass 2: the records pass 1 accepted, upserted a batch at a time. */
async function writeRecords<T>(run: Run<T>): Promise<BatchResult> {
  const { options, problems } = run;
  const source = readRecords(options.path, run.format, options.entity);
  const totals: BatchResult = { inserted: 0, updated: 0, unchanged: 0 };
  let batch: Pending<T>[] = [];
  let records = 0;
  const flush = async () => {
    options.signal?.throwIfAborted();
    const result = await upsertBatch(run, batch);
    totals.inserted += result.inserted;
    totals.updated += result.updated;
    totals.unchanged += result.unchanged;
    batch = [];
    report(run, 'writing', source.bytesRead(), records);
  };
  for await (const { line, record, problems: cellProblems } of source.records) {
    records++;
    if (problems.isRejected(line)) continue;
    const parsed = validate(run, record, cellProblems);
    if (parsed.ok) batch.push({ line, record: parsed.record });
    else problems.reject(line, parsed.problems);
    if (batch.length >= run.batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  report(run, 'writing', run.totalBytes, records);
  return totals;
}

interface Pending<T> {
  line: number;
  record: T;
}

/**
 * Upserts one batch; when the database refuses some records (an order whose customer is unknown),
 * those are rejected by line and the rest is written without them.
 */
async function upsertBatch<T>(run: Run<T>, batch: Pending<T>[]): Promise<BatchResult> {
  const writeOptions: WriteOptions = { defaultConsentSource: run.options.defaultConsentSource ?? 'import' };
  let pending = batch;
  while (pending.length > 0) {
    try {
      const records = pending.map((p) => p.record);
      return typeof run.target === 'function'
        ? await run.target(run.options.entity, records, writeOptions)
        : await run.spec.upsert(run.target, records, writeOptions);
    } catch (error) {
      const byIndex = refusedRecords(error, pending.length);
      if (!byIndex) throw error;
      for (const [index, problems] of byIndex) run.problems.reject(pending[index]!.line, problems);
      pending = pending.filter((_, index) => !byIndex.has(index));
    }
  }
  return { inserted: 0, updated: 0, unchanged: 0 };
}

/** The records a ValidationError from an upsert names, or undefined when it is some other failure. */
function refusedRecords(error: unknown, size: number): Map<number, FieldProblem[]> | undefined {
  if (!(error instanceof ValidationError) || error.errors.length === 0) return undefined;
  const byIndex = new Map<number, FieldProblem[]>();
  for (const problem of error.errors) {
    if (problem.index === undefined || problem.index < 0 || problem.index >= size) return undefined;
    byIndex.set(problem.index, [...(byIndex.get(problem.index) ?? []), problem]);
  }
  return byIndex;
}

type Validated<T> = { ok: true; record: T } | { ok: false; problems: FieldProblem[] };

/** Schema problems named as the file names them (CSV column, or the JSON path in NDJSON). */
function validate<T>(run: Run<T>, record: unknown, cellProblems: FieldProblem[]): Validated<T> {
  const parsed = run.spec.schema.safeParse(record);
  if (parsed.success && cellProblems.length === 0) return { ok: true, record: parsed.data };
  // A row with too few or too many cells is misaligned: complaints about its other cells would mislead.
  const misaligned = cellProblems.filter((p) => p.field === '(record)');
  if (misaligned.length > 0) return { ok: false, problems: misaligned };
  const fromSchema = parsed.success ? [] : toFieldProblems(parsed.error.issues);
  const named = fromSchema.map((p) => ({
    field:
      p.field === '(whole)'
        ? '(record)'
        : run.format === 'csv'
          ? csvColumnFor(run.options.entity, p.field)
          : p.field,
    reason: p.reason,
  }));
  // A cell already reported as unreadable needs no second "expected boolean" from the schema.
  const reported = new Set(cellProblems.map((p) => p.field));
  return { ok: false, problems: [...cellProblems, ...named.filter((p) => !reported.has(p.field))] };
}

function report<T>(run: Run<T>, phase: ImportProgress['phase'], bytesRead: number, records: number): void {
  run.options.onProgress?.({
    phase,
    bytesRead: Math.min(bytesRead, run.totalBytes),
    totalBytes: run.totalBytes,
    records,
  });
}
