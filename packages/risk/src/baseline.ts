import { RiskInputError, requireCounts, requireNonNegative, requirePositive } from './errors.js';

/** Mentions and negative mentions; whole numbers for a window, any amount ≥ 0 for sums. */
export interface Counts {
  mentions: number;
  negative: number;
}

/** A cell's history before the window: its counts over `hours` hours. */
export interface BaselineCounts extends Counts {
  hours: number;
}

export interface RiskOptions {
  /**
   * Prior strength m of the Beta prior, in mentions: the category's share weighs as much as m of the
   * cell's own mentions. Default 20.
   */
  priorStrength?: number;
  /** The lowest expected negative rate per hour, for a cell with little or no history. Default 0.01. */
  minNegativePerHour?: number;
}

/** One negative mention every 100 hours (about one in four days): the floor of every baseline. */
export const MIN_NEGATIVE_PER_HOUR = 0.01;
export const DEFAULT_PRIOR_STRENGTH = 20;

export interface BaselineEstimate {
  /** The category's negative share, (negative + ½) / (mentions + 1). */
  categoryRate: number;
  /** The baseline's negative share shrunk towards the category: (negative + m·categoryRate) / (mentions + m). */
  baselineRate: number;
  /** Gamma(shape, rate) belief about the cell's negative mentions per hour. */
  shape: number;
  rate: number;
  /** Expected negative mentions per hour, shape / rate (at least the floor). */
  negativePerHour: number;
  /** One standard deviation above: (shape + √shape) / rate. The rate to give `stepDetector`. */
  detectorRatePerHour: number;
}

export function resolveOptions(options: RiskOptions = {}): Required<RiskOptions> {
  return {
    priorStrength: requireNonNegative(options.priorStrength ?? DEFAULT_PRIOR_STRENGTH, 'priorStrength'),
    minNegativePerHour: requirePositive(
      options.minNegativePerHour ?? MIN_NEGATIVE_PER_HOUR,
      'minNegativePerHour',
    ),
  };
}

/**
 * The category's negative share with half a mention of each kind added, so an empty category reads
 * ½ and a category is never certain to be all or nothing.
 */
export function categoryRateOf(category: Counts): number {
  const { mentions, negative } = requireCounts(category, 'category', false);
  return (negative + 0.5) / (mentions + 1);
}

/**
 * What a cell's history says about its negative mentions per hour.
 *
 * The negative share is shrunk towards the category's (a Beta prior worth `priorStrength`
 * mentions), so a cell with 3 mentions and none negative does not expect zero. The shrunk count of
 * negatives, plus half a mention (Jeffreys), is the shape of a Gamma belief about the hourly rate
 * over the baseline's hours; its mean is never below `minNegativePerHour`, which also covers a
 * cell with no history at all (`hours: 0`).
 *
 * @example
 * estimateBaseline({ mentions: 1680, negative: 168, hours: 168 }, { mentions: 100_000, negative: 12_000 })
 * // { categoryRate: 0.12, baselineRate: 0.1002, shape: 168.9, rate: 168, negativePerHour: 1.005,
 * //   detectorRatePerHour: 1.083 }
 */
export function estimateBaseline(
  baseline: BaselineCounts,
  category: Counts,
  options: RiskOptions = {},
): BaselineEstimate {
  const { priorStrength, minNegativePerHour } = resolveOptions(options);
  const { mentions, negative } = requireCounts(baseline, 'baseline', false);
  const hours = requireNonNegative(baseline.hours, 'baseline.hours');
  if (hours === 0 && mentions > 0) {
    throw new RiskInputError(`baseline.hours is 0 but baseline.mentions is ${mentions}`);
  }
  const categoryRate = categoryRateOf(category);
  const baselineRate = (negative + priorStrength * categoryRate) / (mentions + priorStrength);
  const shape = mentions * baselineRate + 0.5;
  const rate = hours > 0 && shape / hours >= minNegativePerHour ? hours : shape / minNegativePerHour;
  return {
    categoryRate,
    baselineRate,
    shape,
    rate,
    negativePerHour: shape / rate,
    detectorRatePerHour: (shape + Math.sqrt(shape)) / rate,
  };
}
