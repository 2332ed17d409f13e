// Cold start: `aftercare start` on an existing embedded data folder until /readyz answers 200, and
// how long SIGTERM takes to drain and exit.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ENTRY_POINTS = {
  'production bundle (dist/aftercare.mjs)': resolve(import.meta.dirname, '../dist/aftercare.mjs'),
  'source through tsx (bin/aftercare.js)': resolve(import.meta.dirname, '../bin/aftercare.js'),
};
const RUNS = 5;
const dataDir = mkdtempSync(join(tmpdir(), 'aftercare-cold-'));
const env = { ...process.env, AFTERCARE_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };

function run(cli: string, args: string[]) {
  return new Promise<void>((done, fail) =>
    spawn(process.execPath, [cli, ...args], { env, stdio: 'ignore' }).on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`aftercare ${args.join(' ')} exited ${code}`)),
    ),
  );
}

async function coldStart(cli: string): Promise<{ readyMs: number; stopMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'start'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((found) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /running at (http:\/\/\S+)\n/.exec(output);
      if (match) found(match[1]!);
    });
  });
  while (
    (await fetch(`${url}/readyz`).then(
      (r) => r.status,
      () => 0,
    )) !== 200
  ) {
    await new Promise((wait) => setTimeout(wait, 10));
  }
  const readyMs = performance.now() - started;
  const stopping = performance.now();
  child.kill('SIGTERM');
  await new Promise((exited) => child.on('exit', exited));
  return { readyMs, stopMs: performance.now() - stopping };
}

try {
  for (const [label, cli] of Object.entries(ENTRY_POINTS)) {
    await run(cli, ['migrate']); // the data folder exists and is migrated, as after a first start
    const results = [];
    for (let i = 0; i < RUNS; i++) results.push(await coldStart(cli));
    const ready = results.map((r) => r.readyMs).sort((a, b) => a - b);
    const stop = results.map((r) => r.stopMs).sort((a, b) => a - b);
    console.log(
      `cold start, ${label}: start -> /readyz 200 on an existing PGlite folder: median ${Math.round(ready[RUNS >> 1]!)} ms, ` +
        `worst ${Math.round(ready.at(-1)!)} ms (target < 3000) | SIGTERM to exit: median ${Math.round(stop[RUNS >> 1]!)} ms`,
    );
  }
} finally {
  // Also after a failure: a benchmark leaves no data folder behind.
  rmSync(dataDir, { recursive: true, force: true });
}
