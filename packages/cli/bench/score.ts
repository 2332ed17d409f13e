// `aftercare score` end to end: 1,000,000 NDJSON lines through the production bundle as a real
// process (stdin from a file, stdout to /dev/null), its lines/s and peak memory.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const LINES = 1_000_000;
const BUNDLE = resolve(import.meta.dirname, '../dist/aftercare.mjs');
const TEXTS = [
  { text: 'The parcel arrived two weeks late and the box was crushed', rating: 2 },
  { text: 'Great kettle, boils fast and looks nice' },
  { text: '物流太慢了，包装也破了，差评' },
  { text: '質量很好，下次還會再買' },
  { text: 'Not as described, the colour is completely different. Refund please!' },
  { text: '客服态度很差，问了三次都没人回' },
];

const folder = mkdtempSync(join(tmpdir(), 'aftercare-score-bench-'));
try {
  const input = join(folder, 'texts.ndjson');
  const out = createWriteStream(input);
  for (let i = 0; i < LINES; i++) {
    const line = i % 1000 === 999 ? '{"text": broken' : JSON.stringify(TEXTS[i % TEXTS.length]);
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');

  const started = performance.now();
  const child = spawn(process.execPath, [BUNDLE, 'score'], {
    stdio: [openSync(input, 'r'), openSync('/dev/null', 'w'), 'pipe'],
  });
  let summary = '';
  child.stderr?.on('data', (chunk) => (summary += chunk));
  const [code] = await once(child, 'exit');
  const seconds = (performance.now() - started) / 1000;
  const peak = /peak memory (\d+) MiB/.exec(summary)?.[1];
  console.log(
    `aftercare score (bundle), ${LINES.toLocaleString('en')} lines (1 in 1,000 broken): ${seconds.toFixed(2)} s, ` +
      `${Math.round(LINES / seconds).toLocaleString('en')} lines/s, peak memory ${peak ?? '?'} MiB, exit code ${code}`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
