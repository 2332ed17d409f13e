import type { AftercareConfig } from '@aftercare/config';
import type { WriteContext } from '@aftercare/reference';
import {
  type BatchWriter,
  type ImportSummary,
  importFile,
  isImportEntity,
} from '@aftercare/reference/import';
import { InvalidArgumentError } from 'commander';
import { withContext } from '@aftercare/context';
import { progressBar } from './progress.js';

/**
 * `aftercare import ENTITY FILE`: into the database, or with `url` through a running instance's API
 * (which must be used while that instance holds the embedded database).
 * Resolves to the exit code: 2 when records were rejected.
 */
export async function runImport(
  entity: string,
  file: string,
  options: { url?: string; token?: string; loadConfig: () => AftercareConfig },
): Promise<number> {
  if (!isImportEntity(entity)) {
    throw new InvalidArgumentError(`unknown entity "${entity}": expected customers, products or orders`);
  }
  const run = async (target: WriteContext | BatchWriter, signal?: AbortSignal) => {
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
      throw new InvalidArgumentError('--url needs --token or AFTERCARE_TOKEN (a token with the ingest role)');
    }
    const { apiBatchWriter } = await import('./api-writer.js');
    summary = await run(apiBatchWriter({ url: options.url, token: options.token }));
  } else {
    summary = await withContext(options.loadConfig(), (ctx) =>
      run({ db: ctx.db, clock: ctx.clock, actor: 'cli' }, ctx.shutdown),
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
