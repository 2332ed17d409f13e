import { describe, expect, it } from 'vitest';
import { explainSpike, RiskInputError } from '../src/index.js';

const blender = {
  negative: 42,
  expected: 3,
  product: 'PowerMix blender',
  region: 'Guangdong',
  windowHours: 1,
  topTopics: [['quality', 30]] as const,
  topTerms: ['cracked', 'leaking'],
};

describe('explainSpike', () => {
  it('says the issue’s sentence', () => {
    expect(explainSpike(blender)).toBe(
      '42 negative mentions of PowerMix blender in Guangdong in the last hour, expected 3; mostly quality: cracked, leaking',
    );
  });

  it('names the commonest topic whatever the order, and says "most often" when it is not the majority', () => {
    const sentence = explainSpike({
      ...blender,
      topTopics: [
        ['logistics', 12],
        ['quality', 15],
      ],
    });
    expect(sentence).toMatch(/; most often quality: cracked, leaking$/);
  });

  it('reads well for one mention, no region, a day window and a small expectation', () => {
    expect(
      explainSpike({ negative: 1, expected: 0.04, product: 'SKU-1', windowHours: 24, topTerms: ['smell'] }),
    ).toBe('1 negative mention of SKU-1 in the last day, expected under 0.1; commonest terms: smell');
    expect(
      explainSpike({ negative: 1500, expected: 212.6, product: 'Kettle', region: '  ', windowHours: 6 }),
    ).toBe('1,500 negative mentions of Kettle in the last 6 hours, expected 213');
    expect(
      explainSpike({ negative: 9, expected: 2.96, product: 'Kettle', region: null, windowHours: 48 }),
    ).toBe('9 negative mentions of Kettle in the last 2 days, expected 3');
    expect(explainSpike({ ...blender, expected: 2.44, topTerms: [] })).toMatch(
      /expected 2\.4; mostly quality$/,
    );
  });

  it('names at most three terms', () => {
    expect(explainSpike({ ...blender, topTerms: ['a', 'b', 'c', 'd'] })).toMatch(/: a, b, c$/);
  });

  it('rejects numbers it cannot state', () => {
    expect(() => explainSpike({ ...blender, negative: Number.NaN })).toThrow(RiskInputError);
    expect(() => explainSpike({ ...blender, expected: -1 })).toThrow(RiskInputError);
    expect(() => explainSpike({ ...blender, windowHours: 0 })).toThrow(RiskInputError);
    expect(() => explainSpike({ ...blender, product: ' ' })).toThrow(RiskInputError);
  });
});
