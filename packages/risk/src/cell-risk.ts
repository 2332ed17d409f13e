import {
  type BaselineCounts,
  type Counts,
  estimateBaseline,
  type RiskOptions,
  resolveOptions,
} from './baseline.js';
import { requireCounts, requirePositive } from './errors.js';
import { logGammaPoissonUpper } from './tails.js';
import { type Trend, trendOf } from './trend.js';

export interface CellRiskInput {
  /** The cell's counts in the window being scored (whole numbers). */
  window: Counts;
  /** The window before it, of the same length, for `trend` (whole numbers). */
  previous?: Counts;
  /** The same cell's history before the window (sums, e.g. the 14 days before it). */
  baseline: BaselineCounts;
  /** The window's length in hours (1 for an hour cell, 24 for a day). */
  windowHours: number;
  /** The product category's counts over the same history: the prior for cells with little of their own. */
  category: Counts;
}

export interface CellRisk {
  /** 0 to 100: ten times `surprise`, capped at 100, one decimal. */
  risk: number;
  /** -log10 pValue, uncapped. 2 means "one in a hundred". */
  surprise: number;
  /** P(this many negative mentions or more | the baseline), Gamma-Poisson. */
  pValue: number;
  /** Negative mentions the baseline expects in the window. */
  expectedNegative: number;
  /** The window's negative share, shrunk towards the category's. */
  shrunkRate: number;
  /** The baseline's negative share, shrunk towards the category's. */
  baselineRate: number;
  /** The category's negative share. */
  categoryRate: number;
  /** Negative mentions against the previous window; only when `previous` is given. */
  trend?: Trend;
}

const RISK_PER_DECADE = 10;

/** Maps a surprise (-log10 p) to the 0-100 risk scale: 10 per decade of improbability, capped. */
export function riskFromSurprise(surprise: number): number {
  const risk = Math.min(100, Math.max(0, RISK_PER_DECADE * surprise));
  return Math.round(risk * 10) / 10;
}

/**
 * A cell's complaint risk: how improbable its negative count is given its own history, with the
 * history's negative share shrunk towards the category's so little-known cells stay comparable.
 *
 * expected = windowHours · shape / rate (see `estimateBaseline`); pValue = P(X ≥ window.negative)
 * for X ~ NegativeBinomial(shape, rate / (rate + windowHours)); risk = min(100, -10·log10 pValue).
 *
 * @example
 * cellRisk({
 *   window: { mentions: 60, negative: 9 }, previous: { mentions: 22, negative: 4 }, windowHours: 1,
 *   baseline: { mentions: 6720, negative: 1008, hours: 336 },
 *   category: { mentions: 200_000, negative: 24_000 },
 * })
 * // { risk: 24.1, surprise: 2.413, pValue: 0.00386, expectedNegative: 3.0, shrunkRate: 0.1425,
 * //   baselineRate: 0.1499, categoryRate: 0.12, trend: 'steady' }   (the README's worked example)
 */
export function cellRisk(input: CellRiskInput, options: RiskOptions = {}): CellRisk {
  const window = requireCounts(input.window, 'window', true);
  const windowHours = requirePositive(input.windowHours, 'windowHours');
  const estimate = estimateBaseline(input.baseline, input.category, options);
  const { priorStrength } = resolveOptions(options);
  const shrunkRate =
    (window.negative + priorStrength * estimate.categoryRate) / (window.mentions + priorStrength);
  const logP = logGammaPoissonUpper(window.negative, estimate.shape, estimate.rate, windowHours);
  const surprise = Math.max(0, -logP / Math.LN10);
  const result: CellRisk = {
    risk: riskFromSurprise(surprise),
    surprise,
    pValue: Math.exp(logP),
    expectedNegative: (windowHours * estimate.shape) / estimate.rate,
    shrunkRate,
    baselineRate: estimate.baselineRate,
    categoryRate: estimate.categoryRate,
  };
  if (input.previous) {
    const previous = requireCounts(input.previous, 'previous', true);
    result.trend = trendOf(window.negative, previous.negative);
  }
  return result;
}
