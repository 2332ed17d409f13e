import { logBetaI, logGammaP, logGammaQ } from './special-functions.js';

/**
 * Count tails, as natural logs. Counts below 0 are treated as 0; a non-integer count k asks for
 * the tail from ⌈k⌉.
 */

/**
 * ln P(X ≥ k) for X ~ Poisson(mean). Equals ln P(k, mean), the regularized lower incomplete gamma.
 *
 * @example Math.exp(logPoissonUpper(3, 1)) // 0.0803 = 1 - e⁻¹(1 + 1 + ½)
 */
export function logPoissonUpper(k: number, mean: number): number {
  const n = Math.ceil(k);
  if (n <= 0) return 0;
  if (mean <= 0) return Number.NEGATIVE_INFINITY;
  return logGammaP(n, mean);
}

/** ln P(X ≤ k) for X ~ Poisson(mean) = ln Q(k + 1, mean). */
export function logPoissonLower(k: number, mean: number): number {
  const n = Math.floor(k);
  if (n < 0) return Number.NEGATIVE_INFINITY;
  if (mean <= 0) return 0;
  return logGammaQ(n + 1, mean);
}

/**
 * ln P(X ≥ k) for the Gamma-Poisson (negative binomial) count over `hours`, when the hourly rate is
 * Gamma(shape, rate) distributed: X ~ NB(shape, p = rate / (rate + hours)), mean shape·hours/rate.
 * P(X ≥ k) = I_{1-p}(k, shape).
 */
export function logGammaPoissonUpper(k: number, shape: number, rate: number, hours: number): number {
  const n = Math.ceil(k);
  if (n <= 0) return 0;
  if (shape <= 0 || hours <= 0) return Number.NEGATIVE_INFINITY;
  const q = hours / (rate + hours);
  const p = rate / (rate + hours);
  return logBetaI(q, n, shape, p);
}

/** ln P(X ≥ k) for X ~ Binomial(n, q) = ln I_q(k, n - k + 1). */
export function logBinomialUpper(k: number, n: number, q: number): number {
  const m = Math.ceil(k);
  if (m <= 0) return 0;
  if (m > n || q <= 0) return Number.NEGATIVE_INFINITY;
  if (q >= 1) return 0;
  return logBetaI(q, m, n - m + 1);
}

/** ln P(X ≤ k) for X ~ Binomial(n, q) = ln I_{1-q}(n - k, k + 1). */
export function logBinomialLower(k: number, n: number, q: number): number {
  const m = Math.floor(k);
  if (m < 0) return Number.NEGATIVE_INFINITY;
  if (m >= n || q <= 0) return 0;
  if (q >= 1) return Number.NEGATIVE_INFINITY;
  return logBetaI(1 - q, n - m, m + 1, q);
}
