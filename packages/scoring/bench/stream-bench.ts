/**
 * `scoreNdjsonStream` end to end: writes LINES lines of NDJSON to a temp file, streams them through
 * to another temp file, deletes both, prints lines/s and the process's peak RSS. Run in its own
 * process by run-bench.ts so the RSS is the stream's alone.
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scoreNdjsonStream } from '../src/ndjson-stream.js';
import { createTextScorer } from '../src/scorer.js';

const LINES = Number(process.argv[2] ?? 1_000_000);
const samples = [
  { text: 'Arrived broken, refund please.' },
  { text: 'Great headset, works perfectly and the battery lasts all day!', rating: 5 },
  { text: 'The parcel was late and customer service never answered.' },
  { text: '送餐太慢了，饭菜都凉了', lang: 'zh' },
  { text: '味道不错，分量也足，下次还会再点' },
  { text: '質量很差，用兩天就壞了' },
  { text: 'Not as described, looks nothing like the photos 😡' },
  { text: 'ok' },
];

const dir = mkdtempSync(join(tmpdir(), 'aftercare-score-'));
const inputPath = join(dir, 'in.ndjson');
const outputPath = join(dir, 'out.ndjson');
try {
  const writer = createWriteStream(inputPath);
  const encoded = samples.map((sample) => `${JSON.stringify(sample)}\n`);
  for (let i = 0; i < LINES; i++) {
    // Every 1000th line is broken, to time the error path too.
    const line = i % 1000 === 999 ? '{"text": broken\n' : encoded[i % encoded.length]!;
    if (!writer.write(line)) await once(writer, 'drain');
  }
  writer.end();
  await once(writer, 'finish');
  const bytes = statSync(inputPath).size;

  const scorer = createTextScorer();
  const started = process.hrtime.bigint();
  const result = await scoreNdjsonStream(
    createReadStream(inputPath, { highWaterMark: 256 * 1024 }),
    createWriteStream(outputPath),
    scorer,
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      lines: result.lines,
      errors: result.errors,
      inputMiB: Math.round(bytes / 1048576),
      seconds: Number(seconds.toFixed(2)),
      linesPerSecond: Math.round(result.lines / seconds),
      peakRssMiB: Math.round(peakMiB),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
