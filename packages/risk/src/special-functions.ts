/**
 * Log-space special functions behind the count tails: ln Γ, and the regularized incomplete gamma
 * and beta functions (Numerical Recipes' series and Lentz continued fractions). Everything returns
 * a natural log so a tail of 1e-300 (or smaller) keeps its digits instead of rounding to 0.
 */

const EPS = 1e-15;
const TINY = 1e-300;

const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0: Stirling's series from x ≥ 15 (error below 1e-17), shifted up for smaller x. */
export function lnGamma(x: number): number {
  let shift = 0;
  let z = x;
  for (; z < 15; z += 1) shift += Math.log(z);
  const r = 1 / z;
  const r2 = r * r;
  const series =
    r *
    (1 / 12 -
      r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 * (1 / 1188 - r2 * (691 / 360360 - r2 / 156))))));
  return (z - 0.5) * Math.log(z) - z + HALF_LN_2PI + series - shift;
}

/** Enough iterations for series and fractions whose length grows like √a. */
function iterationLimit(a: number): number {
  return 1000 + Math.ceil(20 * Math.sqrt(a));
}

/** ln(1 - e^x) for x ≤ 0, accurate at both ends. */
export function log1mExp(x: number): number {
  if (x >= 0) return Number.NEGATIVE_INFINITY;
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/** ln P(a, x), the regularized lower incomplete gamma, by its series (converges well for x < a + 1). */
function logGammaPSeries(a: number, x: number): number {
  let ap = a;
  let term = 1 / a;
  let sum = term;
  const limit = iterationLimit(a + x);
  for (let n = 0; n < limit; n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (term < sum * EPS) break;
  }
  return Math.log(sum) - x + a * Math.log(x) - lnGamma(a);
}

/** ln Q(a, x), the regularized upper incomplete gamma, by its continued fraction (for x ≥ a + 1). */
function logGammaQFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  const limit = iterationLimit(a + x);
  for (let i = 1; i <= limit; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.log(h) - x + a * Math.log(x) - lnGamma(a);
}

/** ln P(a, x) = ln(γ(a, x) / Γ(a)), a > 0, x ≥ 0. */
export function logGammaP(a: number, x: number): number {
  if (x <= 0) return Number.NEGATIVE_INFINITY;
  return x < a + 1 ? logGammaPSeries(a, x) : log1mExp(logGammaQFraction(a, x));
}

/** ln Q(a, x) = ln(Γ(a, x) / Γ(a)), a > 0, x ≥ 0. */
export function logGammaQ(a: number, x: number): number {
  if (x <= 0) return 0;
  return x < a + 1 ? log1mExp(logGammaPSeries(a, x)) : logGammaQFraction(a, x);
}

/** The continued fraction of I_x(a, b), modified Lentz; y = 1 - x is passed in to keep its digits. */
function betaFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  const limit = iterationLimit(Math.max(a, b));
  for (let m = 1; m <= limit; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/**
 * ln I_x(a, b), the regularized incomplete beta function, a, b > 0. Pass `y = 1 - x` when it is
 * known more exactly than `1 - x` (a probability close to 1).
 */
export function logBetaI(x: number, a: number, b: number, y = 1 - x): number {
  if (x <= 0) return Number.NEGATIVE_INFINITY;
  if (y <= 0) return 0;
  const logFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(y);
  if (x < (a + 1) / (a + b + 2)) return logFront + Math.log(betaFraction(x, a, b) / a);
  return log1mExp(logFront + Math.log(betaFraction(y, b, a) / b));
}
