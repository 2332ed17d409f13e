import { describe, expect, it } from 'vitest';
import {
  type CellRiskInput,
  cellRisk,
  estimateBaseline,
  RiskInputError,
  riskFromSurprise,
  trendOf,
} from '../src/index.js';

const category = { mentions: 200_000, negative: 24_000 };

/** The README's first worked example: an established cell, one hour. */
const establishedHour: CellRiskInput = {
  window: { mentions: 60, negative: 9 },
  previous: { mentions: 22, negative: 4 },
  windowHours: 1,
  baseline: { mentions: 6720, negative: 1008, hours: 336 },
  category,
};

describe('cellRisk on the README worked examples', () => {
  it('an established cell: 9 negatives where 3 are expected is risk 24.1', () => {
    const r = cellRisk(establishedHour);
    const categoryRate = 24_000.5 / 200_001;
    const baselineRate = (1008 + 20 * categoryRate) / (6720 + 20);
    expect(r.categoryRate).toBeCloseTo(categoryRate, 15);
    expect(r.baselineRate).toBeCloseTo(baselineRate, 15);
    expect(r.baselineRate).toBeCloseTo(0.14991, 5);
    expect(r.expectedNegative).toBeCloseTo((6720 * baselineRate + 0.5) / 336, 12);
    expect(r.expectedNegative).toBeCloseTo(3.0, 3);
    // mpmath: 1 − Σ_{k<9} NB(k; 1007.9018, 336/337) = 0.0038610764267828
    expect(r.pValue).toBeCloseTo(0.0038610764267828, 12);
    expect(r.surprise).toBeCloseTo(2.4132916017944, 10);
    expect(r.risk).toBe(24.1);
    expect(r.shrunkRate).toBeCloseTo((9 + 20 * categoryRate) / 80, 15);
    expect(r.trend).toBe('steady');
  });

  it('a small cell: 3 negatives in a day on a baseline of 1 in 14 days uses the floor and shrinks', () => {
    const r = cellRisk({
      window: { mentions: 5, negative: 3 },
      windowHours: 24,
      baseline: { mentions: 30, negative: 1, hours: 336 },
      category,
    });
    const categoryRate = 24_000.5 / 200_001;
    const baselineRate = (1 + 20 * categoryRate) / 50; // 0.068, not the raw 1/30
    expect(r.baselineRate).toBeCloseTo(baselineRate, 15);
    // shape 30·0.068 + ½ = 2.54 over 336 h is 0.0076/h, under the 0.01/h floor: rate = 2.54 / 0.01 h
    const shape = 30 * baselineRate + 0.5;
    const rate = shape / 0.01;
    expect(r.expectedNegative).toBeCloseTo(0.24, 12);
    const p = rate / (rate + 24);
    const p0 = p ** shape;
    const p1 = p0 * shape * (1 - p);
    const p2 = ((p1 * (shape + 1)) / 2) * (1 - p);
    expect(r.pValue).toBeCloseTo(1 - p0 - p1 - p2, 12);
    expect(r.pValue).toBeCloseTo(0.0039493567166023, 12);
    expect(r.risk).toBe(24);
    expect(r.shrunkRate).toBeCloseTo(0.2160015, 6); // the raw share would be 0.6
  });

  it('three posts are not evidence the way three hundred are: the window share is shrunk', () => {
    const few = cellRisk({ ...establishedHour, window: { mentions: 3, negative: 3 } });
    const many = cellRisk({ ...establishedHour, window: { mentions: 300, negative: 300 } });
    expect(few.shrunkRate).toBeLessThan(0.25);
    expect(many.shrunkRate).toBeGreaterThan(0.9);
  });

  it('the same rise scores higher on more evidence, and a calm cell scores near 0', () => {
    const base = { ...establishedHour, previous: undefined };
    const small = cellRisk({ ...base, window: { mentions: 40, negative: 6 } }); // 2× expected
    const large = cellRisk({
      ...base,
      windowHours: 24,
      window: { mentions: 960, negative: 144 }, // 2× expected over a day
    });
    const calm = cellRisk({ ...base, window: { mentions: 20, negative: 3 } });
    expect(large.risk).toBeGreaterThan(small.risk);
    expect(calm.risk).toBeLessThan(5);
  });
});

describe('cellRisk edge cases', () => {
  it('zero negatives is risk 0 with p-value 1', () => {
    const r = cellRisk({ ...establishedHour, window: { mentions: 0, negative: 0 } });
    expect(r).toMatchObject({ risk: 0, surprise: 0, pValue: 1 });
  });

  it('a brand-new cell in an empty category expects the floor, not zero', () => {
    const r = cellRisk({
      window: { mentions: 3, negative: 3 },
      windowHours: 1,
      baseline: { mentions: 0, negative: 0, hours: 0 },
      category: { mentions: 0, negative: 0 },
    });
    expect(r.categoryRate).toBe(0.5);
    expect(r.expectedNegative).toBeCloseTo(0.01, 15);
    // mpmath: P(NB(½, 50/51) ≥ 3) = 2.3733345438962e-6
    expect(r.pValue).toBeCloseTo(2.3733345438962e-6, 17);
    expect(r.risk).toBe(56.2);
  });

  it('one negative post on a new cell is a modest risk', () => {
    const r = cellRisk({
      window: { mentions: 1, negative: 1 },
      windowHours: 1,
      baseline: { mentions: 0, negative: 0, hours: 168 },
      category,
    });
    expect(r.risk).toBeGreaterThan(0);
    expect(r.risk).toBeLessThan(25);
  });

  it('huge counts stay finite: risk capped at 100, the surprise kept', () => {
    const r = cellRisk({
      window: { mentions: 2e7, negative: 1.2e7 },
      windowHours: 24,
      baseline: { mentions: 1e8, negative: 1.4e7, hours: 336 },
      category,
    });
    expect(r.risk).toBe(100);
    expect(r.pValue).toBe(0);
    expect(Number.isFinite(r.surprise)).toBe(true);
    expect(r.surprise).toBeGreaterThan(1e6);
    const steady = cellRisk({
      window: { mentions: 2e9, negative: 1e9 },
      windowHours: 24,
      baseline: { mentions: 2e10, negative: 1.4e10, hours: 336 },
      category,
    });
    expect(steady.pValue).toBeCloseTo(0.5, 3);
  });

  it.each<[string, Partial<CellRiskInput>]>([
    ['NaN negatives', { window: { mentions: 10, negative: Number.NaN } }],
    ['negative mentions', { window: { mentions: -1, negative: 0 } }],
    ['more negatives than mentions', { window: { mentions: 2, negative: 3 } }],
    ['a fractional window count', { window: { mentions: 10, negative: 2.5 } }],
    ['an infinite baseline', { baseline: { mentions: Number.POSITIVE_INFINITY, negative: 0, hours: 1 } }],
    ['negative baseline hours', { baseline: { mentions: 0, negative: 0, hours: -5 } }],
    ['mentions in zero hours', { baseline: { mentions: 10, negative: 1, hours: 0 } }],
    ['a zero window', { windowHours: 0 }],
    ['a NaN category', { category: { mentions: Number.NaN, negative: 0 } }],
    ['a bad previous window', { previous: { mentions: 1, negative: 2 } }],
  ])('rejects %s', (_, patch) => {
    expect(() => cellRisk({ ...establishedHour, ...patch })).toThrow(RiskInputError);
  });

  it('rejects bad options', () => {
    expect(() => cellRisk(establishedHour, { priorStrength: -1 })).toThrow(RiskInputError);
    expect(() => cellRisk(establishedHour, { minNegativePerHour: 0 })).toThrow(RiskInputError);
  });

  it('a stronger prior pulls the baseline share further towards the category', () => {
    const weak = estimateBaseline({ mentions: 30, negative: 0, hours: 336 }, category, { priorStrength: 5 });
    const strong = estimateBaseline({ mentions: 30, negative: 0, hours: 336 }, category, {
      priorStrength: 200,
    });
    expect(weak.baselineRate).toBeLessThan(strong.baselineRate);
    expect(strong.baselineRate).toBeLessThan(0.12);
  });
});

describe('riskFromSurprise', () => {
  it('is ten points per decade, bounded to 0-100', () => {
    expect(riskFromSurprise(0)).toBe(0);
    expect(riskFromSurprise(2.41329)).toBe(24.1);
    expect(riskFromSurprise(10)).toBe(100);
    expect(riskFromSurprise(1e6)).toBe(100);
  });
});

describe('trendOf', () => {
  it.each([
    [20, 10, 'rising'],
    [4, 0, 'rising'],
    [3, 0, 'steady'], // three posts are not a trend
    [10, 10, 'steady'],
    [1_000_000, 1_010_000, 'steady'],
    [1_300, 1_000, 'rising'],
    [2, 12, 'falling'],
    [0, 0, 'steady'],
  ] as const)('%d after %d is %s', (current, previous, expected) => {
    expect(trendOf(current, previous)).toBe(expected);
  });

  it('rejects counts that are not whole numbers ≥ 0', () => {
    expect(() => trendOf(-1, 2)).toThrow(RiskInputError);
    expect(() => trendOf(1.5, 2)).toThrow(RiskInputError);
  });
});
