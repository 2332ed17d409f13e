import type { Readable, Writable } from 'node:stream';

/**
 * `aftercare score`: NDJSON texts on stdin, one NDJSON score per line on stdout, in order; a summary
 * on stderr. Needs no database, so it runs beside a server that holds the embedded one.
 * Resolves to the exit code: 0, or 2 when some lines were not valid items (they were answered with
 * `{"error": ...}` and the rest was scored).
 */
export async function runScore(
  input: Readable = process.stdin,
  output: Writable = process.stdout,
  report: (line: string) => void = (line) => console.error(line),
): Promise<number> {
  const { createTextScorer, scoreNdjsonStream } = await import('@aftercare/scoring');
  const started = performance.now();
  // A reader that stops early (`| head`) closes the pipe; that ends the run, it is not a failure.
  // Any other write error (a full disk) ends it with that error, reported in one line by main.
  let closedEarly = false;
  let writeFailed: Error | undefined;
  const outputFailed = new Promise<never>((_, reject) => {
    output.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') closedEarly = true;
      else writeFailed ??= new Error(`cannot write the scores: ${error.message}`);
      input.destroy();
      if (writeFailed) reject(writeFailed);
    });
  });
  outputFailed.catch(() => {});
  try {
    const { lines, errors } = await Promise.race([
      scoreNdjsonStream(input, output, createTextScorer()),
      outputFailed,
    ]);
    const seconds = (performance.now() - started) / 1000;
    const peakMiB = Math.round(process.resourceUsage().maxRSS / 1024);
    report(
      `scored ${lines} lines in ${seconds.toFixed(1)} s (${Math.round(lines / Math.max(seconds, 1e-3))} lines/s, ` +
        `peak memory ${peakMiB} MiB)` +
        (errors > 0 ? `; ${errors} lines were not valid items and were answered with {"error": ...}` : ''),
    );
    return errors > 0 ? 2 : 0;
  } catch (error) {
    if (writeFailed) throw writeFailed;
    if (closedEarly) return 0;
    throw error;
  }
}
