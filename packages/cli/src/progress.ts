import type { ImportSummary } from '@aftercare/reference/import';
import cliProgress from 'cli-progress';

/** A progress bar on stderr for long CLI work; silent when stderr is not a terminal (CI, pipes). */
export function progressBar(label: string) {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} {unit}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(value: number, total: number, unit: string) {
      if (!started) {
        bar.start(total, 0, { unit });
        started = true;
      }
      bar.setTotal(total);
      bar.update(value, { unit });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** The import's outcome: counts, then each rejected record by line. */
export function printImportSummary(summary: ImportSummary): void {
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
