import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom, samplePoisson } from '../bench/random.js';
import { NAIVE, type StableStreamResult, simulateRises, simulateStableStream } from '../bench/simulation.js';

describe('the seeded simulation', () => {
  it('draws the same stream from the same seed', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const draws = Array.from({ length: 5 }, () => [a(), b()]);
    for (const [x, y] of draws) expect(x).toBe(y);
  });

  it.each([0.3, 3, 40, 400])('draws Poisson(%f) with the right mean and variance', (mean) => {
    const random = createRandom(11);
    const n = 20_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const x = samplePoisson(random, mean);
      sum += x;
      squares += x * x;
    }
    const m = sum / n;
    const variance = squares / n - m * m;
    // Within 4 standard errors of the mean; the variance within 10%.
    expect(Math.abs(m - mean)).toBeLessThan(4 * Math.sqrt(mean / n));
    expect(Math.abs(variance / mean - 1)).toBeLessThan(0.1);
  });
});

describe('false alerts on a seeded stable stream', () => {
  // 300 cells × 20 days, negative rates 0.1-500/day, each on its own trailing 7-day baseline.
  let result: StableStreamResult;
  beforeAll(() => {
    result = simulateStableStream({ seed: 42, cells: 300, days: 20, presets: ['medium'] });
  });

  it('medium opens under 1 false alert per 1,000 cell-days', () => {
    const perThousand = (1000 * result.alerts.get('medium')!) / result.cellDays;
    expect(perThousand, `${result.alerts.get('medium')} alerts in ${result.cellDays} cell-days`).toBeLessThan(
      1,
    );
  });

  it('the naive mean + 3σ rule fires far more often on the same stream', () => {
    expect(result.alerts.get(NAIVE)!).toBeGreaterThan(100 * Math.max(1, result.alerts.get('medium')!));
  });
});

describe('detection on a seeded rise', () => {
  it('medium catches a quadrupling of a 5+/hour baseline within 2 hours', () => {
    const rises = simulateRises({
      seed: 5,
      cells: 40,
      factor: 4,
      minPerHour: 5,
      maxPerHour: 20,
      presets: ['medium'],
    });
    const medium = rises.rules.get('medium')!;
    expect(medium.missed).toBe(0);
    expect(medium.delays.filter((d) => d <= 2).length).toBeGreaterThanOrEqual(0.9 * rises.cells);
  });
});
