import { describe, expect, it } from 'vitest';
import { lnGamma } from '../src/special-functions.js';
import {
  logBinomialLower,
  logBinomialUpper,
  logGammaPoissonUpper,
  logPoissonLower,
  logPoissonUpper,
} from '../src/tails.js';

// Reference logs computed with mpmath at 40 digits (gammainc, betainc, or exact sums).
const close = (actual: number, expected: number, relative = 1e-12): void => {
  expect(Math.abs(actual - expected), `got ${actual}, expected ${expected}`).toBeLessThanOrEqual(
    relative * Math.max(1, Math.abs(expected)),
  );
};

describe('lnGamma', () => {
  it.each([
    [0.5, 0.5723649429247001],
    [1, 0],
    [2, 0],
    [3, Math.log(2)],
    [10, 12.80182748008147],
    [14.9, 24.924132002217277],
    [15, 25.191221182738683],
    [100.5, 361.4355404677776],
    [1e7, 151180949.3694739],
    [1e-3, 6.907178885383853],
  ])('lnΓ(%f)', (x, expected) => close(lnGamma(x), expected, 1e-14));
});

describe('Poisson tails', () => {
  it('P(X ≥ 3 | 1) = 1 − e⁻¹(1 + 1 + ½), by hand', () => {
    close(Math.exp(logPoissonUpper(3, 1)), 1 - Math.exp(-1) * 2.5, 1e-14);
  });

  it.each([
    [3, 1, -2.5219682600313997],
    [42, 3, -74.55797157314748],
    [1, 0.01, -4.610166019324897],
    [9, 3, -5.5719671374229005],
    [5, 20, -1.6944887493862582e-5],
    // Far below double precision as a probability; its log keeps the digits.
    [1000, 10, -3619.5330453507495],
  ])('ln P(X ≥ %d | %f)', (k, mean, expected) => close(logPoissonUpper(k, mean), expected));

  it('keeps huge counts accurate to the limit of doubles (k = 10,100,000, mean 10⁷)', () => {
    close(logPoissonUpper(10_100_000, 1e7), -502.71045551549184, 1e-9);
    close(logPoissonUpper(1e7, 1e7), Math.log(0.5000420519), 1e-8);
  });

  it.each([
    [5, 20, -9.540111344906592],
    [0, 2.5, -2.5],
    [100, 150, -11.612717118801008],
  ])('ln P(X ≤ %d | %f)', (k, mean, expected) => close(logPoissonLower(k, mean), expected));

  it('handles zero counts and a zero mean', () => {
    expect(logPoissonUpper(0, 3)).toBe(0);
    expect(logPoissonUpper(1, 0)).toBe(Number.NEGATIVE_INFINITY);
    expect(logPoissonLower(-1, 3)).toBe(Number.NEGATIVE_INFINITY);
    expect(logPoissonLower(4, 0)).toBe(0);
  });
});

describe('Gamma-Poisson (negative binomial) tail', () => {
  it('P(X ≥ 3) for shape ½, rate 50, 1 hour, by the pmf recurrence', () => {
    const p = 50 / 51;
    const p0 = p ** 0.5;
    const p1 = p0 * 0.5 * (1 - p);
    const p2 = ((p1 * 1.5) / 2) * (1 - p);
    close(Math.exp(logGammaPoissonUpper(3, 0.5, 50, 1)), 1 - p0 - p1 - p2, 1e-9);
  });

  it.each([
    [3, 0.5, 50, 1, -12.951214611139985],
    [42, 700.5, 168, 1, -60.89649758994959],
    [2, 5, 10, 1, -2.334677469311857],
    [500, 20, 2, 10, -45.88402079214485],
  ])('ln P(X ≥ %d | shape %f, rate %f, %f h)', (k, shape, rate, hours, expected) =>
    close(logGammaPoissonUpper(k, shape, rate, hours), expected),
  );

  it('approaches the Poisson tail when the baseline is long', () => {
    close(logGammaPoissonUpper(9, 3e6, 1e6, 1), logPoissonUpper(9, 3), 1e-5);
  });
});

describe('binomial tails', () => {
  it.each([
    [30, 100, 0.2, -4.487477934808792],
    [6000, 10000, 0.5, -205.06908730489715],
    [5, 5, 1.1 / 2.1, -3.233135824625262],
  ])('ln P(X ≥ %d | n %d, q %f)', (k, n, q, expected) => close(logBinomialUpper(k, n, q), expected));

  it.each([
    [10, 100, 0.2, -5.167924225824945],
    [0, 50, 0.5, -34.657359027997266],
  ])('ln P(X ≤ %d | n %d, q %f)', (k, n, q, expected) => close(logBinomialLower(k, n, q), expected));

  it('handles the ends', () => {
    expect(logBinomialUpper(0, 10, 0.3)).toBe(0);
    expect(logBinomialUpper(11, 10, 0.3)).toBe(Number.NEGATIVE_INFINITY);
    expect(logBinomialLower(10, 10, 0.3)).toBe(0);
  });
});
