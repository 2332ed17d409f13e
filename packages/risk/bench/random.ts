import { lnGamma } from '../src/special-functions.js';

/** A seeded PRNG and Poisson draws, so a simulated stream is the same on every run and machine. */

export type Random = () => number;

/** sfc32 (128-bit state) seeded through splitmix32: uniform in [0, 1). */
export function createRandom(seed: number): Random {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/**
 * A Poisson(mean) draw: inversion by sequential search below 12, Hörmann's PTRS transformed
 * rejection above (as numpy does), exact in both.
 */
export function samplePoisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean < 12) {
    let k = 0;
    let p = Math.exp(-mean);
    let cumulative = p;
    const u = random();
    while (u > cumulative && k < 1000) {
      k++;
      p *= mean / k;
      cumulative += p;
    }
    return k;
  }
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random() - 0.5;
    const v = random();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <=
      -mean + k * logMean - lnGamma(k + 1)
    ) {
      return k;
    }
  }
}

/** A draw uniform in log space between `low` and `high`. */
export function sampleLogUniform(random: Random, low: number, high: number): number {
  return Math.exp(Math.log(low) + random() * (Math.log(high) - Math.log(low)));
}
