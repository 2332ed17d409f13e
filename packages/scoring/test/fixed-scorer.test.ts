import { describe, expect, it } from 'vitest';
import { createFixedScorer } from '../src/index.js';

describe('createFixedScorer (test double)', () => {
  it('answers from its table, neutral otherwise, and records calls', () => {
    const scorer = createFixedScorer({
      'parcel never came': { label: 'negative', complaint: true, topics: ['logistics'] },
    });
    expect(scorer.score('parcel never came')).toMatchObject({
      label: 'negative',
      complaint: true,
      topics: ['logistics'],
    });
    expect(scorer.score('hello', { lang: 'zh' })).toMatchObject({
      label: 'neutral',
      lang: 'zh',
      complaint: false,
    });
    expect(scorer.calls).toEqual([{ text: 'parcel never came' }, { text: 'hello', options: { lang: 'zh' } }]);
  });
  it('takes a function', () => {
    const scorer = createFixedScorer((text) => ({ score: text.length }));
    expect(scorer.score('abc').score).toBe(3);
  });
});
