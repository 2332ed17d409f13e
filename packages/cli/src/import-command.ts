import type { AftercareConfig } from '@aftercare/config';
import { withContext } from '@aftercare/context';
import {
  type BatchWriter,
  type ImportSummary,
  type ImportTarget,
  importFile,
  isImportEntity,
} from '@aftercare/reference/import';
import { InvalidArgumentError } from 'commander';
import { explainDatabaseInUse, localServerUrl } from './database-in-use.js';
import { progressBar } from './progress.js';

export interface ImportCommandOptions {
  url?: string | undefined;
  token?: string | undefined;
  /** With `url`: how long one batch is retried while the server is unreachable or busy. */
  retryForMs?: number | undefined;
  loadConfig: () => AftercareConfig;
}

/**
 * `aftercare import ENTITY FILE`: into the database, or with `url` through a running instance's API
 * (which must be used while that instance holds the embedded database).
 * Resolves to the exit code: 2 when records were rejected.
 */
export async function runImport(
  entity: string,
  file: string,
  options: ImportCommandOptions,
): Promise<number> {
  if (!isImportEntity(entity)) {
    throw new InvalidArgumentError(`unknown entity "${entity}": expected customers, products or orders`);
  }
  const run = async (target: ImportTarget | BatchWriter, signal?: AbortSignal) => {
    const bar = progressBar(`importing ${entity}`);
    try {
      return await importFile(target, {
        entity,
        path: file,
        signal,
        onProgress: ({ phase, bytesRead, totalBytes }) =>
          bar.update(bytesRead, totalBytes, `bytes (${phase})`),
      });
    } finally {
      bar.stop();
    }
  };
  let summary: ImportSummary;
  if (options.url) {
    if (!options.token) {
      throw new InvalidArgumentError('--url needs AFTERCARE_TOKEN (a token with the ingest role)');
    }
    const { apiBatchWriter } = await import('./api-writer.js');
    const writer = apiBatchWriter({
      url: options.url,
      token: options.token,
      retryForMs: options.retryForMs,
      onRetry: ({ reason, waitMs, remainingMs }) =>
        console.error(
          `aftercare: ${reason}; retrying in ${(waitMs / 1000).toFixed(1)} s ` +
            `(giving up in ${Math.ceil((waitMs + remainingMs) / 1000)} s)`,
        ),
    });
    summary = await run(writer);
  } else {
    const config = options.loadConfig();
    const instead =
      `import through it: aftercare import ${entity} ${file} --url ${localServerUrl(config)} ` +
      '(token in AFTERCARE_TOKEN)';
    summary = await explainDatabaseInUse(
      () => withContext(config, (ctx) => run({ ctx, actor: 'cli' }, ctx.shutdown)),
      instead,
    );
  }
  printImportSummary(summary);
  return summary.rejected > 0 ? 2 : 0;
}

/** The import's outcome: counts, then each rejected record by line. */
function printImportSummary(summary: ImportSummary): void {
  console.log(
    `${summary.entity}: ${summary.records} records in ${summary.seconds.toFixed(1)} s: ` +
      `${summary.inserted} imported, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected`,
  );
  for (const problem of summary.problems)
    console.log(`  line ${problem.line}: ${problem.field}: ${problem.reason}`);
  if (summary.rejected > summary.problems.length) {
    console.log(`  ... and ${summary.rejected - summary.problems.length} more`);
  }
}
