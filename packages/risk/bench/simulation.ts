/**
 * Simulated cells for the alert-quality figures: stable Poisson cells, and cells whose negative rate
 * rises by a factor at a random hour. Each cell's baseline is its own trailing 7 days, as the
 * watcher keeps it, so the detector pays for a baseline that is only an estimate.
 */
import { type Counts, estimateBaseline } from '../src/baseline.js';
import {
  type DetectorState,
  initialDetectorState,
  SPIKE_PRESETS,
  type SpikePresetName,
  stepDetector,
} from '../src/detector.js';
import { createRandom, type Random, sampleLogUniform, samplePoisson } from './random.js';

export const BASELINE_HOURS = 168;
const HOUR_MS = 3_600_000;
const START_MS = Date.UTC(2026, 0, 1);
/** One category for every cell: 15% of its mentions are negative. */
export const CATEGORY: Counts = { mentions: 1_000_000, negative: 150_000 };

/** The naive rule to compare with: alert when the hour's count is above mean + 3σ of the last 7 days' hours. */
export const NAIVE = 'mean+3σ';
export type RuleName = SpikePresetName | typeof NAIVE;

/** Trailing sums over the last `size` hours. */
class RollingHours {
  private readonly negatives: Float64Array;
  private readonly mentions: Float64Array;
  private next = 0;
  negative = 0;
  negativeSquares = 0;
  mentionSum = 0;

  constructor(readonly size: number) {
    this.negatives = new Float64Array(size);
    this.mentions = new Float64Array(size);
  }

  push(negative: number, mentions: number): void {
    const old = this.negatives[this.next]!;
    this.negative += negative - old;
    this.negativeSquares += negative * negative - old * old;
    this.mentionSum += mentions - this.mentions[this.next]!;
    this.negatives[this.next] = negative;
    this.mentions[this.next] = mentions;
    this.next = (this.next + 1) % this.size;
  }

  /** mean + 3 × the sample standard deviation of the hourly negative counts. */
  naiveLimit(): number {
    const mean = this.negative / this.size;
    const variance = Math.max(0, (this.negativeSquares - this.size * mean * mean) / (this.size - 1));
    return mean + 3 * Math.sqrt(variance);
  }
}

/** The naive rule with the same calm hours and cooldown as a preset, so only the trigger differs. */
class NaiveRule {
  open = false;
  private calm = 0;
  private closedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly calmHours: number,
    private readonly cooldownHours: number,
  ) {}

  /** A (possibly partial) count for `hour`; true when it opens an alert. */
  check(hour: number, fired: boolean): boolean {
    if (this.open || !fired || hour - this.closedAt < this.cooldownHours) return false;
    this.open = true;
    this.calm = 0;
    return true;
  }

  /** The hour's final count was (or was not) above the limit. */
  completeHour(hour: number, fired: boolean): void {
    if (!this.open) return;
    this.calm = fired ? 0 : this.calm + 1;
    if (this.calm >= this.calmHours) {
      this.open = false;
      this.closedAt = hour + 1;
    }
  }
}

interface CellPlan {
  random: Random;
  negativePerHour: number;
  share: number;
  /** Monitored hours after the 7 days of warm-up; the rise (if any) starts at `riseAt`. */
  hours: number;
  riseAt: number;
  factor: number;
  ticksPerHour: number;
  presets: readonly SpikePresetName[];
}

interface CellOutcome {
  /** Alerts opened before the rise (all of them for a stable cell), per rule. */
  falseAlerts: Map<RuleName, number>;
  /** Hours from the rise's start to the alert (fractions for within-hour ticks); undefined if missed. */
  delays: Map<RuleName, number | undefined>;
  /** Rules that already had an alert open when the rise began (left out of the delays). */
  openAtRise: Set<RuleName>;
}

function runCell(plan: CellPlan): CellOutcome {
  const { random, negativePerHour, share, presets } = plan;
  const positivePerHour = (negativePerHour * (1 - share)) / share;
  const history = new RollingHours(BASELINE_HOURS);
  for (let h = 0; h < BASELINE_HOURS; h++) {
    const negative = samplePoisson(random, negativePerHour);
    history.push(negative, negative + samplePoisson(random, positivePerHour));
  }

  const states = new Map<SpikePresetName, DetectorState>(presets.map((p) => [p, initialDetectorState()]));
  const medium = SPIKE_PRESETS.medium;
  const naive = new NaiveRule(medium.calmHours, medium.cooldownHours);
  const outcome: CellOutcome = { falseAlerts: new Map(), delays: new Map(), openAtRise: new Set() };
  const rules: RuleName[] = [...presets, NAIVE];
  for (const rule of rules) outcome.falseAlerts.set(rule, 0);
  const opened = (rule: RuleName, hour: number, tick: number): void => {
    if (hour < plan.riseAt) outcome.falseAlerts.set(rule, outcome.falseAlerts.get(rule)! + 1);
    else if (!outcome.delays.has(rule))
      outcome.delays.set(rule, hour - plan.riseAt + (tick + 1) / plan.ticksPerHour);
  };

  for (let hour = 0; hour < plan.hours; hour++) {
    const rising = hour >= plan.riseAt;
    if (hour === plan.riseAt) {
      for (const p of presets) if (states.get(p)!.alert) outcome.openAtRise.add(p);
      if (naive.open) outcome.openAtRise.add(NAIVE);
    }
    const detectorRate = estimateBaseline(
      { mentions: history.mentionSum, negative: history.negative, hours: BASELINE_HOURS },
      CATEGORY,
    ).detectorRatePerHour;
    const naiveLimit = history.naiveLimit();
    const hourStart = START_MS + hour * HOUR_MS;
    // Stable hours are stepped once with the hour's count: opening is monotone in the count, so
    // stepping partial counts would open the same alerts, only earlier in the hour.
    const ticks = rising ? plan.ticksPerHour : 1;
    const mean = (negativePerHour * (rising ? plan.factor : 1)) / ticks;
    let negative = 0;
    for (let tick = 0; tick < ticks; tick++) {
      negative += samplePoisson(random, mean);
      for (const p of presets) {
        const step = stepDetector(
          states.get(p)!,
          { hourStart, negative, baselineRatePerHour: detectorRate },
          p,
        );
        states.set(p, step.state);
        if (step.event === 'open') opened(p, hour, tick);
      }
      if (naive.check(hour, negative > naiveLimit)) opened(NAIVE, hour, tick);
    }
    naive.completeHour(hour, negative > naiveLimit);
    history.push(negative, negative + samplePoisson(random, positivePerHour));
    if (rising && rules.every((r) => outcome.delays.has(r) || outcome.openAtRise.has(r))) break;
  }
  return outcome;
}

export interface Band {
  label: string;
  /** Negative mentions per day, from (inclusive) and to (exclusive). */
  from: number;
  to: number;
}

export const BANDS: readonly Band[] = [
  { label: '0.1-1/day', from: 0.1, to: 1 },
  { label: '1-10/day', from: 1, to: 10 },
  { label: '10-100/day', from: 10, to: 100 },
  { label: '100-500/day', from: 100, to: 500.0001 },
];

export interface StableStreamOptions {
  seed: number;
  cells: number;
  /** Monitored days per cell, after 7 days of warm-up history. */
  days: number;
  presets: readonly SpikePresetName[];
  /** Negative mentions per day, drawn log-uniformly. Defaults 0.1 and 500. */
  minPerDay?: number;
  maxPerDay?: number;
}

export interface StableStreamResult {
  cellDays: number;
  alerts: Map<RuleName, number>;
  bands: Array<{ band: Band; cellDays: number; alerts: Map<RuleName, number> }>;
}

/** Stable Poisson cells (negative share 5-40%): every alert is a false alert. */
export function simulateStableStream(options: StableStreamOptions): StableStreamResult {
  const minPerDay = options.minPerDay ?? 0.1;
  const maxPerDay = options.maxPerDay ?? 500;
  const rules: RuleName[] = [...options.presets, NAIVE];
  const zero = (): Map<RuleName, number> => new Map(rules.map((r) => [r, 0]));
  const result: StableStreamResult = {
    cellDays: 0,
    alerts: zero(),
    bands: BANDS.map((band) => ({ band, cellDays: 0, alerts: zero() })),
  };
  for (let cell = 0; cell < options.cells; cell++) {
    const random = createRandom(options.seed * 1_000_003 + cell);
    const perDay = sampleLogUniform(random, minPerDay, maxPerDay);
    const outcome = runCell({
      random,
      negativePerHour: perDay / 24,
      share: 0.05 + 0.35 * random(),
      hours: options.days * 24,
      riseAt: Number.POSITIVE_INFINITY,
      factor: 1,
      ticksPerHour: 1,
      presets: options.presets,
    });
    const band = result.bands.find((b) => perDay >= b.band.from && perDay < b.band.to);
    result.cellDays += options.days;
    if (band) band.cellDays += options.days;
    for (const rule of rules) {
      const n = outcome.falseAlerts.get(rule)!;
      result.alerts.set(rule, result.alerts.get(rule)! + n);
      if (band) band.alerts.set(rule, band.alerts.get(rule)! + n);
    }
  }
  return result;
}

export interface RiseOptions {
  seed: number;
  cells: number;
  /** The negative rate is multiplied by this at the rise. */
  factor: number;
  /** Baseline negative mentions per hour, drawn log-uniformly. */
  minPerHour: number;
  maxPerHour: number;
  presets: readonly SpikePresetName[];
  /** How long after the rise a detection still counts. Default 48 hours. */
  horizonHours?: number;
  /** Partial counts stepped per hour once the rise begins, as the watcher steps as mentions commit. Default 12. */
  ticksPerHour?: number;
}

export interface RiseResult {
  cells: number;
  /** Per rule: detection delays in hours (caught ones only), misses within the horizon, alerts already open. */
  rules: Map<RuleName, { delays: number[]; missed: number; openAtRise: number; falseBefore: number }>;
}

/** Cells that run stable for 2-3 days and then rise by `factor`, measuring when each rule alerts. */
export function simulateRises(options: RiseOptions): RiseResult {
  const rules: RuleName[] = [...options.presets, NAIVE];
  const result: RiseResult = {
    cells: options.cells,
    rules: new Map(rules.map((r) => [r, { delays: [], missed: 0, openAtRise: 0, falseBefore: 0 }])),
  };
  for (let cell = 0; cell < options.cells; cell++) {
    const random = createRandom(options.seed * 1_000_003 + cell);
    const riseAt = 48 + Math.floor(24 * random());
    const outcome = runCell({
      random,
      negativePerHour: sampleLogUniform(random, options.minPerHour, options.maxPerHour),
      share: 0.05 + 0.35 * random(),
      hours: riseAt + (options.horizonHours ?? 48),
      riseAt,
      factor: options.factor,
      ticksPerHour: options.ticksPerHour ?? 12,
      presets: options.presets,
    });
    for (const rule of rules) {
      const r = result.rules.get(rule)!;
      r.falseBefore += outcome.falseAlerts.get(rule)!;
      if (outcome.openAtRise.has(rule)) r.openAtRise++;
      else {
        const delay = outcome.delays.get(rule);
        if (delay === undefined) r.missed++;
        else r.delays.push(delay);
      }
    }
  }
  return result;
}

/** The q-quantile (0-1) of sorted values, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
