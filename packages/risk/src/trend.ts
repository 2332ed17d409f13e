import { requireCount, requireNonNegative, requirePositive } from './errors.js';
import { logBinomialLower, logBinomialUpper } from './tails.js';

export type Trend = 'rising' | 'steady' | 'falling';

export interface TrendOptions {
  /** The smallest change worth an arrow, as a fraction: 0.1 means 10% up or down. Default 0.1. */
  minChange?: number;
  /** How unlikely the count must be under a change of only `minChange`. Default 0.1. */
  alpha?: number;
}

/**
 * Whether a count rose or fell against the window before it (same length), knowing small numbers.
 * Given n = current + previous, if the rate had risen by only `minChange` the current count would be
 * Binomial(n, (1 + c) / (2 + c)): `rising` when P(X ≥ current) < alpha under it, `falling` when
 * P(X ≤ current) < alpha under Binomial(n, 1 / (2 + c)), `steady` otherwise.
 *
 * @example trendOf(20, 10) // 'rising'; trendOf(3, 0) // 'steady': three posts are not a trend
 */
export function trendOf(current: number, previous: number, options: TrendOptions = {}): Trend {
  requireCount(current, 'current');
  requireCount(previous, 'previous');
  const change = requireNonNegative(options.minChange ?? 0.1, 'minChange');
  const alpha = requirePositive(options.alpha ?? 0.1, 'alpha');
  const n = current + previous;
  if (n === 0) return 'steady';
  const logAlpha = Math.log(alpha);
  if (logBinomialUpper(current, n, (1 + change) / (2 + change)) < logAlpha) return 'rising';
  if (logBinomialLower(current, n, 1 / (2 + change)) < logAlpha) return 'falling';
  return 'steady';
}
