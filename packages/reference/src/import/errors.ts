import { ValidationError } from '@aftercare/runtime';

/**
 * The file itself cannot be read as CSV or NDJSON (a broken quote, a line that is not JSON, an
 * unknown column). The import stops before writing anything. It is a ValidationError, so an HTTP
 * upload of a bad file answers 400 with the line in `errors`.
 */
export class ImportSyntaxError extends ValidationError {
  override name = 'ImportSyntaxError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file} line ${line}: ${reason}; nothing was imported`, [{ line, field: '(file)', reason }]);
  }
}
