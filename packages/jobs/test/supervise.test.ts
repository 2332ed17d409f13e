import { HealthBoard, type Worker } from '@aftercare/runtime';
import { describe, expect, it } from 'vitest';
import { type SuperviseOptions, superviseWorkers } from '../src/index.js';
import { captureLogger } from './fixtures/context.js';
import { waitUntil } from './fixtures/wait.js';

/** A worker that crashes its first `crashes` runs, then runs until stopped. */
function flakyWorker(name: string, crashes: number): Worker & { runs: () => number } {
  let runs = 0;
  return {
    name,
    runs: () => runs,
    async run(signal) {
      runs += 1;
      if (runs <= crashes) throw new Error(`crash ${runs}`);
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    },
  };
}

function supervise(workers: Worker[], options: SuperviseOptions = {}) {
  const { logger, lines } = captureLogger();
  const health = new HealthBoard();
  const waits: number[] = [];
  const supervisor = superviseWorkers({ logger, health }, workers, {
    backoff: { baseMs: 100, maxMs: 400 },
    random: () => 0.5,
    // Records each backoff and waits only a moment, so the test runs in milliseconds.
    sleep: (ms, signal) => {
      waits.push(ms);
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, 5);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    ...options,
  });
  const state = (name: string) => health.workers().find((worker) => worker.name === name);
  return { supervisor, health, lines, waits, state };
}

describe('superviseWorkers', () => {
  it('restarts a crashing worker with jittered exponential backoff and reports it failing, then running', async () => {
    const worker = flakyWorker('work:callbacks', 4);
    const { supervisor, health, lines, waits, state } = supervise([worker], {
      failingAfter: 3,
      healthyAfterMs: 100,
    });
    await waitUntil('the fifth run', async () => worker.runs() === 5);
    // equal jitter, random 0.5: 0.75 x min(400, 100 x 2^(n-1))
    expect(waits).toEqual([75, 150, 300, 300]);
    expect(state('work:callbacks')).toEqual({
      name: 'work:callbacks',
      state: 'failing',
      restarts: 4,
      consecutiveCrashes: 4,
      lastError: 'Error: crash 4',
    });
    expect(health.notReadyReasons()).toEqual([
      'worker work:callbacks keeps crashing (its errors are in the log)',
    ]);
    const crashes = lines.filter((line) => line.msg === 'worker crashed; restarting after backoff');
    expect(crashes.map((line) => [line.level, line.worker, line.crashes, line.failing])).toEqual([
      ['error', 'work:callbacks', 1, false],
      ['error', 'work:callbacks', 2, false],
      ['error', 'work:callbacks', 3, true],
      ['error', 'work:callbacks', 4, true],
    ]);
    expect(crashes[0]!.err, 'the error is logged').toMatchObject({ message: 'crash 1' });

    await waitUntil('a healthy run', async () => state('work:callbacks')?.state === 'running');
    expect(state('work:callbacks')).toMatchObject({ restarts: 4, consecutiveCrashes: 0 });
    expect(health.notReadyReasons()).toEqual([]);
    await supervisor.stop();
    expect(state('work:callbacks')?.state).toBe('stopped');
  });

  it('reports restarting, then running again, for a crash below the failing threshold', async () => {
    const worker = flakyWorker('events:privacy', 1);
    const states: string[] = [];
    const { supervisor, health } = supervise([worker]);
    const report = health.reportWorker.bind(health);
    health.reportWorker = (entry) => {
      states.push(entry.state);
      report(entry);
    };
    await waitUntil('the second run', async () => worker.runs() === 2);
    await supervisor.stop();
    expect(states).toEqual(['restarting', 'running', 'stopped']);
  });

  it('treats a worker that returns, or throws before returning a promise, while running as crashed', async () => {
    let returned = 0;
    const returning: Worker = {
      name: 'returns',
      run: async () => {
        returned += 1;
      },
    };
    const throwing: Worker = {
      name: 'throws',
      run: () => {
        throw new Error('no promise');
      },
    };
    const { supervisor, state } = supervise([returning, throwing]);
    await waitUntil('two crashes each', async () => (state('throws')?.restarts ?? 0) >= 2 && returned >= 2);
    expect(state('returns')?.lastError).toBe('Error: worker returned while the process was running');
    expect(state('throws')?.lastError).toBe('Error: no promise');
    await supervisor.stop();
  });

  it('stops during a backoff without restarting, and logs a worker that throws while stopping', async () => {
    let stopped = 0;
    const slowToStop: Worker = {
      name: 'slow',
      run: (signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () =>
            setTimeout(() => {
              stopped += 1;
              reject(new Error('connection closed'));
            }, 20),
          ),
        ),
    };
    const crashing = flakyWorker('crashing', 100);
    const { supervisor, state, lines } = supervise([slowToStop, crashing], {
      backoff: { baseMs: 60_000, maxMs: 60_000 },
      sleep: undefined,
    });
    await waitUntil('the first crash', async () => state('crashing')?.state === 'restarting');
    await supervisor.stop();
    expect(stopped, 'stop waited for the slow worker').toBe(1);
    expect(crashing.runs(), 'not restarted after stop').toBe(1);
    expect(state('slow')?.state).toBe('stopped');
    expect(state('crashing')).toMatchObject({ state: 'stopped', restarts: 1 });
    expect(lines.find((line) => line.msg === 'worker failed while stopping')).toMatchObject({
      level: 'error',
      worker: 'slow',
    });
  });

  it('refuses two workers of one name (the health board is keyed by name)', () => {
    expect(() => supervise([flakyWorker('cron:scheduler', 0), flakyWorker('cron:scheduler', 0)])).toThrow(
      /two workers are named cron:scheduler/,
    );
  });
});
