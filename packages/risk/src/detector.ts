import { MIN_NEGATIVE_PER_HOUR } from './baseline.js';
import { RiskInputError, requireCount, requireNonNegative } from './errors.js';
import { logPoissonUpper } from './tails.js';

/** How eager a cell's spike detector is. */
export type SpikePresetName = 'low' | 'medium' | 'high';

export interface SpikePreset {
  /** The rise the CUSUM is tuned for, as a factor of the baseline rate (ρ > 1). */
  rise: number;
  /** The CUSUM's decision threshold h, in nats of log-likelihood ratio. */
  threshold: number;
  /** An hour whose count alone has P(X ≥ x | baseline) at or below this opens an alert by itself. */
  hourTailP: number;
  /** Fewest negative mentions behind an alert: in the hour, or in the CUSUM's run (≥ 2). */
  minNegative: number;
  /** Completed hours in a row that pull the CUSUM down before an open alert closes. */
  calmHours: number;
  /** Hours after a close before the cell may open a new alert (≥ 1). */
  cooldownHours: number;
  /** An open alert is updated when an hour's count reaches this factor of the count last reported. */
  updateGrowth: number;
  /** The lowest baseline the detector believes, in negative mentions per hour. */
  minRatePerHour: number;
}

/**
 * The three sensitivities. `medium` keeps false alerts under 1 per 1,000 cell-days on stable
 * Poisson cells of 0.1 to 500 negative mentions a day (see the bench); `low` alerts less, `high`
 * sooner and more often.
 */
export const SPIKE_PRESETS: Readonly<Record<SpikePresetName, Readonly<SpikePreset>>> = {
  low: {
    rise: 2,
    threshold: 11,
    hourTailP: 1e-8,
    minNegative: 5,
    calmHours: 6,
    cooldownHours: 24,
    updateGrowth: 1.5,
    minRatePerHour: MIN_NEGATIVE_PER_HOUR,
  },
  medium: {
    rise: 2,
    threshold: 9,
    hourTailP: 1e-6,
    minNegative: 3,
    calmHours: 6,
    cooldownHours: 12,
    updateGrowth: 1.5,
    minRatePerHour: MIN_NEGATIVE_PER_HOUR,
  },
  high: {
    rise: 1.5,
    threshold: 7,
    hourTailP: 1e-4,
    minNegative: 3,
    calmHours: 4,
    cooldownHours: 6,
    updateGrowth: 1.5,
    minRatePerHour: MIN_NEGATIVE_PER_HOUR,
  },
};

/** The open alert as the detector sees it. */
export interface DetectorAlert {
  openedAt: string;
  /** The hourly count last reported by `open` or `update`. */
  reportedNegative: number;
  /** The highest hourly count since it opened. */
  peakNegative: number;
  /** Completed calm hours in a row (a calm hour's count is at or below the CUSUM's reference value). */
  calmHours: number;
}

/**
 * A cell's detector, small and JSON-safe, to be kept per cell (e.g. a jsonb column) between steps.
 * Start from `initialDetectorState()`; read stored JSON back with `parseDetectorState`.
 */
export interface DetectorState {
  version: 1;
  /** Start of the hour last stepped (ISO 8601); that hour may still be filling. */
  hourStart: string | null;
  /** That hour's negative count and baseline rate as last stepped. */
  hourNegative: number;
  hourRate: number;
  /** CUSUM (nats) and the negative mentions in its current run, at the end of the hour before. */
  cusumBefore: number;
  runBefore: number;
  /** The same including `hourStart`'s count so far. */
  cusum: number;
  run: number;
  alert: DetectorAlert | null;
  /** When the last alert closed (ISO 8601), for the cooldown. */
  closedAt: string | null;
}

export interface DetectorInput {
  /** Start of the hour counted. Counts of the same hour may be stepped again as they grow. */
  hourStart: Date | string | number;
  /** Negative mentions in that hour so far. */
  negative: number;
  /** The cell's expected negative mentions per hour: `estimateBaseline(...).detectorRatePerHour`. */
  baselineRatePerHour: number;
}

export type DetectorEvent = 'open' | 'update' | 'close';

/** The numbers behind a step, for an alert's evidence and its sentence. */
export interface DetectorEvidence {
  hourStart: string;
  negative: number;
  /** The baseline the detector used for the hour (after its floor). */
  expected: number;
  cusum: number;
  threshold: number;
  /** P(X ≥ negative | expected) for the hour alone, Poisson. */
  hourTailP: number;
}

export interface DetectorStep {
  state: DetectorState;
  event: DetectorEvent | null;
  /** Null only when the step was for an hour older than the state's, which is ignored. */
  evidence: DetectorEvidence | null;
}

const HOUR_MS = 3_600_000;

export function initialDetectorState(): DetectorState {
  return {
    version: 1,
    hourStart: null,
    hourNegative: 0,
    hourRate: 0,
    cusumBefore: 0,
    runBefore: 0,
    cusum: 0,
    run: 0,
    alert: null,
    closedAt: null,
  };
}

/** Resolves a preset by name, or checks a custom one. */
export function resolvePreset(preset: SpikePresetName | SpikePreset): SpikePreset {
  if (typeof preset === 'string') {
    const found = SPIKE_PRESETS[preset];
    if (!found) throw new RiskInputError(`unknown spike preset '${preset}'`);
    return found;
  }
  const bad = (field: keyof SpikePreset, rule: string): never => {
    throw new RiskInputError(`preset.${field} must be ${rule}, got ${String(preset[field])}`);
  };
  const finite = (v: number): boolean => typeof v === 'number' && Number.isFinite(v);
  if (!finite(preset.rise) || preset.rise <= 1) bad('rise', '> 1');
  if (!finite(preset.threshold) || preset.threshold <= 0) bad('threshold', '> 0');
  if (!finite(preset.hourTailP) || preset.hourTailP <= 0 || preset.hourTailP >= 1)
    bad('hourTailP', 'in (0, 1)');
  if (!Number.isSafeInteger(preset.minNegative) || preset.minNegative < 2)
    bad('minNegative', 'a whole number ≥ 2');
  if (!Number.isSafeInteger(preset.calmHours) || preset.calmHours < 1) bad('calmHours', 'a whole number ≥ 1');
  if (!finite(preset.cooldownHours) || preset.cooldownHours < 1) bad('cooldownHours', '≥ 1');
  if (!finite(preset.updateGrowth) || preset.updateGrowth <= 1) bad('updateGrowth', '> 1');
  if (!finite(preset.minRatePerHour) || preset.minRatePerHour <= 0) bad('minRatePerHour', '> 0');
  return preset;
}

function toMs(hourStart: Date | string | number): number {
  const ms = hourStart instanceof Date ? hourStart.getTime() : new Date(hourStart).getTime();
  if (!Number.isFinite(ms)) throw new RiskInputError(`hourStart is not a date: ${String(hourStart)}`);
  return ms;
}

/** One hour's log-likelihood ratio of "risen by ρ" against "at baseline": x·ln ρ − (ρ − 1)·λ. */
function hourLlr(negative: number, rate: number, preset: SpikePreset): number {
  return negative * Math.log(preset.rise) - (preset.rise - 1) * rate;
}

/**
 * Advances a cell's spike detector by an hour's negative count: a Poisson CUSUM against the
 * baseline rate, tuned for a rise by `preset.rise`, plus a one-hour Poisson tail test for sharp
 * spikes. Pure: returns a new state and at most one event.
 *
 * - `open`: the CUSUM reached `threshold` (or the hour alone is below `hourTailP`), at least
 *   `minNegative` mentions stand behind it, and the cell is out of its cooldown.
 * - `update`: an open alert's hourly count grew by `updateGrowth` (and `minNegative`) since last reported.
 * - `close`: `calmHours` completed hours in a row without a rise; the CUSUM restarts at 0 and the
 *   cooldown begins.
 *
 * Step the current hour as often as its count grows: the hour is re-evaluated, not counted twice.
 * Hours never stepped count as zero negatives, so a quiet cell needs no step, but a cell with an
 * open alert should be stepped each hour (with 0) to close. A step for an hour older than the
 * state's is ignored.
 *
 * @example
 * let state = initialDetectorState();
 * const step = stepDetector(state, { hourStart: '2026-03-01T10:00:00Z', negative: 42, baselineRatePerHour: 3 }, 'medium');
 * // step.event === 'open'; state = step.state (store it as JSON)
 */
export function stepDetector(
  state: DetectorState,
  input: DetectorInput,
  preset: SpikePresetName | SpikePreset = 'medium',
): DetectorStep {
  const p = resolvePreset(preset);
  const ms = toMs(input.hourStart);
  const negative = requireCount(input.negative, 'negative');
  const rate = Math.max(
    requireNonNegative(input.baselineRatePerHour, 'baselineRatePerHour'),
    p.minRatePerHour,
  );
  const hourStart = new Date(ms).toISOString();

  let next: DetectorState = { ...state, alert: state.alert && { ...state.alert } };
  let event: DetectorEvent | null = null;

  if (state.hourStart !== null) {
    const hours = Math.round((ms - Date.parse(state.hourStart)) / HOUR_MS);
    if (hours < 0) return { state, event: null, evidence: null };
    if (hours > 0) {
      next = completeHours(next, hours, rate, p);
      if (next.alert && next.alert.calmHours >= p.calmHours) {
        next = { ...next, alert: null, closedAt: hourStart, cusumBefore: 0, runBefore: 0 };
        event = 'close';
      }
    }
  }

  const cusum = Math.max(0, next.cusumBefore + hourLlr(negative, rate, p));
  const run = cusum > 0 ? next.runBefore + negative : 0;
  const hourTailP = negative === 0 ? 1 : Math.exp(logPoissonUpper(negative, rate));
  next = { ...next, hourStart, hourNegative: negative, hourRate: rate, cusum, run };

  if (event === null) {
    const alert = next.alert;
    if (alert === null) {
      const triggered =
        (cusum >= p.threshold && run >= p.minNegative) ||
        (negative >= p.minNegative && hourTailP <= p.hourTailP);
      const cooling = next.closedAt !== null && ms - Date.parse(next.closedAt) < p.cooldownHours * HOUR_MS;
      if (triggered && !cooling) {
        next.alert = {
          openedAt: hourStart,
          reportedNegative: negative,
          peakNegative: negative,
          calmHours: 0,
        };
        event = 'open';
      }
    } else {
      alert.peakNegative = Math.max(alert.peakNegative, negative);
      const grown =
        negative >= alert.reportedNegative * p.updateGrowth &&
        negative >= alert.reportedNegative + p.minNegative;
      if (grown) {
        alert.reportedNegative = negative;
        event = 'update';
      }
    }
  }

  return {
    state: next,
    event,
    evidence: { hourStart, negative, expected: rate, cusum, threshold: p.threshold, hourTailP },
  };
}

/**
 * Closes the hour in `state` with its last count, then `hours - 1` unstepped hours at zero
 * negatives: each pulls the CUSUM down by (ρ − 1)·rate and counts as calm.
 */
function completeHours(state: DetectorState, hours: number, rate: number, p: SpikePreset): DetectorState {
  const calmHour = hourLlr(state.hourNegative, state.hourRate, p) <= 0;
  const gap = hours - 1;
  const cusumBefore = Math.max(0, state.cusum - gap * (p.rise - 1) * rate);
  const runBefore = cusumBefore > 0 ? state.run : 0;
  const alert = state.alert && {
    ...state.alert,
    calmHours: (calmHour ? state.alert.calmHours + 1 : 0) + gap,
  };
  return { ...state, cusumBefore, runBefore, alert };
}

/**
 * Reads a stored state back (e.g. from a jsonb column), checking its shape.
 * Throws `RiskInputError` for anything that is not a state this version wrote.
 */
export function parseDetectorState(value: unknown): DetectorState {
  const fail = (why: string): never => {
    throw new RiskInputError(`not a detector state: ${why}`);
  };
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const v = value as Record<string, unknown>;
  if (v.version !== 1) fail(`version ${String(v.version)}`);
  const isoOrNull = (key: string): string | null => {
    const x = v[key];
    if (x === null) return null;
    if (typeof x !== 'string' || !Number.isFinite(Date.parse(x))) return fail(`${key} is not a date or null`);
    return x;
  };
  const num = (source: Record<string, unknown>, key: string): number => {
    const x = source[key];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) return fail(`${key} is not a number ≥ 0`);
    return x;
  };
  let alert: DetectorAlert | null = null;
  if (v.alert !== null) {
    if (typeof v.alert !== 'object' || v.alert === undefined) return fail('alert is not an object or null');
    const a = v.alert as Record<string, unknown>;
    if (typeof a.openedAt !== 'string' || !Number.isFinite(Date.parse(a.openedAt))) fail('alert.openedAt');
    alert = {
      openedAt: a.openedAt as string,
      reportedNegative: num(a, 'reportedNegative'),
      peakNegative: num(a, 'peakNegative'),
      calmHours: num(a, 'calmHours'),
    };
  }
  return {
    version: 1,
    hourStart: isoOrNull('hourStart'),
    hourNegative: num(v, 'hourNegative'),
    hourRate: num(v, 'hourRate'),
    cusumBefore: num(v, 'cusumBefore'),
    runBefore: num(v, 'runBefore'),
    cusum: num(v, 'cusum'),
    run: num(v, 'run'),
    alert,
    closedAt: isoOrNull('closedAt'),
  };
}
