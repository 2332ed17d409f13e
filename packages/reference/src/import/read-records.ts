import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { FieldProblem } from '@aftercare/runtime';
import { CsvError, type Info, parse } from 'csv-parse';
import { type CsvColumn, columnsForHeader, toApiRecord } from './csv-columns.js';
import type { ImportEntity } from './entities.js';
import { ImportSyntaxError } from './errors.js';

export type ImportFormat = 'csv' | 'ndjson';

/** One record as read from the file: where it starts, the API-shaped value and any cell problems. */
export interface SourceRecord {
  line: number;
  record: unknown;
  problems: FieldProblem[];
}

export interface RecordSource {
  records: AsyncIterable<SourceRecord>;
  /** Bytes read from disk so far (a read-ahead buffer ahead of the record being handled). */
  bytesRead(): number;
}

/**
 * Streams a CSV or NDJSON file as records, one at a time, so a file of any size fits in memory.
 * A syntax error throws ImportSyntaxError naming the line where the broken record begins.
 */
export function readRecords(path: string, format: ImportFormat, entity: ImportEntity): RecordSource {
  const input = createReadStream(path);
  return {
    records: format === 'csv' ? csvRecords(input, path, entity) : ndjsonRecords(input, path),
    bytesRead: () => input.bytesRead,
  };
}

interface CsvChunk {
  record: Record<string, string>;
  info: Info;
  raw: string;
}

async function* csvRecords(
  input: ReturnType<typeof createReadStream>,
  path: string,
  entity: ImportEntity,
): AsyncGenerator<SourceRecord> {
  let columns: CsvColumn[] = [];
  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
    // A row with too few or too many cells is one bad record, not a broken file: reported, not fatal.
    relax_column_count: true,
    columns: (header: string[]) => {
      const found = columnsForHeader(entity, header);
      if (typeof found === 'string') throw new ImportSyntaxError(path, parser.info.lines, found);
      columns = found;
      return header;
    },
  });
  input.on('error', (error) => parser.destroy(error));
  let badLengths = 0;
  try {
    for await (const { record, info, raw } of input.pipe(parser) as AsyncIterable<CsvChunk>) {
      const line = info.lines - breaksInside(raw);
      const mapped = toApiRecord(columns, record);
      // invalid_field_length counts every short or long row so far; a rise means this one.
      if (info.invalid_field_length > badLengths) {
        badLengths = info.invalid_field_length;
        mapped.problems.push({
          field: '(record)',
          reason: 'has a different number of cells than the header',
        });
      }
      yield { line, ...mapped };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const lines = typeof error.lines === 'number' ? error.lines : 1;
      const raw = typeof error.raw === 'string' ? error.raw : '';
      throw new ImportSyntaxError(path, lines - breaksInside(raw), error.message);
    }
    throw error;
  } finally {
    input.destroy();
  }
}

/**
 * How many line breaks csv-parse counted inside a record, so `info.lines` (the line the record
 * ends on) can be turned into the line it starts on. Its raw text also holds the empty lines
 * skipped before it and the final record delimiter, neither of which is inside the record. Like
 * csv-parse, a CRLF inside a quoted cell counts as two.
 */
function breaksInside(raw: string): number {
  const body = raw.replace(/^[\r\n]+/, '').replace(/(\r\n|\r|\n)$/, '');
  let count = 0;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    if (code === 10 || code === 13) count++;
  }
  return count;
}

async function* ndjsonRecords(
  input: ReturnType<typeof createReadStream>,
  path: string,
): AsyncGenerator<SourceRecord> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      const body = line === 1 && text.startsWith('\uFEFF') ? text.slice(1) : text;
      if (body.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(body);
      } catch (error) {
        throw new ImportSyntaxError(path, line, `not a JSON value (${(error as Error).message})`);
      }
      yield { line, record, problems: [] };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}
