import Sentiment from 'sentiment';
import { describe, expect, it } from 'vitest';
import { createTextScorer } from '../src/index.js';

const scorer = createTextScorer();
const plain = new Sentiment();

/** The label and, for a readable failure, the terms that decided it. */
function read(text: string, options?: Parameters<typeof scorer.score>[1]): string {
  const result = scorer.score(text, options);
  return `${result.label} ${JSON.stringify(result.terms)}`;
}

describe('complaints the plain sentiment package scores 0', () => {
  it.each([
    'package never arrived',
    'the parcel was late',
    'arrived broken, refund please',
    'the soup arrived cold',
  ])('%s', (text) => {
    expect(plain.analyze(text).score, 'the baseline misses it').toBe(0);
    expect(read(text)).toMatch(/^negative/);
  });
});

describe('negation has a scope', () => {
  it('flips a praise word within a few words', () => {
    expect(read('not good')).toMatch(/^negative/);
    expect(read('This was not a very good charger')).toMatch(/^negative/);
  });
  it('turns a problem word into mild praise', () => {
    expect(read('no problems at all')).toMatch(/^positive/);
    expect(read('not bad for the price')).toMatch(/^positive/);
  });
  it('stops at a comma', () => {
    // The baseline flips nothing here either, but our scope must not reach "great" past the comma.
    expect(read('Not what I expected, it is great')).toMatch(/^positive/);
  });
  it('reads "never again" and "won\'t be back" as verdicts', () => {
    expect(plain.analyze('Never again.').score).toBe(0);
    expect(read('Never again.')).toMatch(/^negative/);
    expect(read("We won't be back")).toMatch(/^negative/);
  });
  it('praises with "could not be happier"', () => {
    expect(plain.analyze('I could not be happier with it').score).toBeLessThanOrEqual(0);
    expect(read('I could not be happier with it')).toMatch(/^positive/);
  });
});

describe('contrast: the clause after "but" weighs more', () => {
  it('good price but it broke', () => {
    expect(plain.analyze('good price but it broke').score).toBeGreaterThan(0);
    expect(read('good price but it broke')).toMatch(/^negative/);
  });
  it('虽然便宜，但是质量太差', () => {
    expect(read('虽然便宜，但是质量太差')).toMatch(/^negative/);
    expect(read('价格有点贵，但是味道确实好')).toMatch(/^positive/);
  });
});

describe('intensifiers and downtoners', () => {
  it('boost and soften', () => {
    const very = scorer.score('very bad').score;
    const bad = scorer.score('bad').score;
    const slightly = scorer.score('slightly bad').score;
    expect(very).toBeLessThan(bad);
    expect(slightly).toBeGreaterThan(bad);
  });
  it('"too" makes a plain word a complaint', () => {
    expect(plain.analyze('Buttons are too small').score).toBe(0);
    expect(read('Buttons are too small')).toMatch(/^negative/);
  });
  it('Chinese degree adverbs', () => {
    expect(scorer.score('非常难吃').score).toBeLessThan(scorer.score('难吃').score);
    expect(scorer.score('有点慢').score).toBeGreaterThan(scorer.score('慢').score);
  });
});

describe('emoji, emoticons, capitals and punctuation', () => {
  it('reads angry emoji and sad emoticons', () => {
    expect(plain.analyze('my order 😡').score, 'the baseline finds -1 only').toBeGreaterThanOrEqual(-1);
    expect(scorer.score('my order 😡').score).toBeLessThanOrEqual(-2);
    expect(read('the delivery :(')).toMatch(/^negative/);
    expect(read('👍')).toMatch(/^positive/);
  });
  it('capitals and exclamation marks strengthen', () => {
    expect(scorer.score('It is BAD').score).toBeLessThan(scorer.score('It is bad').score);
    expect(scorer.score('Great!!!').score).toBeGreaterThan(scorer.score('Great').score);
  });
  it('repeated question marks sound like a complaint', () => {
    expect(read('Where is my package???')).toMatch(/^negative/);
  });
});

describe('Chinese', () => {
  it('reads negators', () => {
    expect(read('不好吃')).toMatch(/^negative/);
    expect(read('不难吃')).toMatch(/^positive/);
    expect(read('没有想象中好吃')).toMatch(/^negative/);
  });
  it('reads shop idioms', () => {
    for (const text of ['漏水', '发霉了', '送错了', '态度差', '再也不买了', '差评']) {
      expect(read(text), text).toMatch(/^negative/);
    }
  });
  it('does not read 差 inside 差不多 or 快 inside 快递', () => {
    expect(scorer.score('差不多吧').label).toBe('neutral');
    expect(scorer.score('快递到了').label).toBe('neutral');
  });
  it('folds Traditional to Simplified before lookup', () => {
    const traditional = scorer.score('質量很差，用兩天就壞了');
    expect(traditional.label).toBe('negative');
    expect(traditional.terms).toContain('坏了');
    expect(traditional.topics).toEqual(['quality']);
  });
  it('reads "说是…其实" as a broken claim', () => {
    const result = scorer.score('说是纯棉的，其实是化纤');
    expect(result.label).toBe('negative');
    expect(result.topics).toContain('advertising');
  });
});

describe('ratings combine with the text', () => {
  it('a one-star review with a bland text is negative', () => {
    expect(scorer.score('It came in a box.').label).toBe('neutral');
    expect(scorer.score('It came in a box.', { rating: 1 }).label).toBe('negative');
  });
  it('five stars outweigh a mild grumble, not a broken product', () => {
    expect(scorer.score('a bit slow', { rating: 5 }).label).toBe('positive');
    expect(scorer.score('arrived broken, refund please', { rating: 5 }).label).toBe('negative');
  });
  it('ignores a rating outside 1-5', () => {
    expect(scorer.score('It came in a box.', { rating: 9 }).label).toBe('neutral');
  });
});

describe('topics and complaints', () => {
  it.each([
    ['The handle broke off after a day', 'quality'],
    ['My parcel never arrived', 'logistics'],
    ['Customer service was rude and hung up on me', 'service'],
    ['Not as described, looks nothing like the photos', 'advertising'],
    ['质量太差，用两天就坏了', 'quality'],
    ['快递太慢了，一个星期才到', 'logistics'],
    ['客服态度很差，一直不回复', 'service'],
    ['和描述不符，是假货', 'advertising'],
  ])('%s → %s', (text, topic) => {
    const result = scorer.score(text);
    expect(result.topics, JSON.stringify(result)).toContain(topic);
    expect(result.complaint, JSON.stringify(result)).toBe(true);
  });
  it('a complaint with no known topic is "other"', () => {
    expect(scorer.score('Overpriced and overrated.').topics).toEqual(['other']);
  });
  it('negative but not about a purchase is no complaint', () => {
    const result = scorer.score('I am so sad today, the weather is awful');
    expect(result.label).toBe('negative');
    expect(result.complaint).toBe(false);
  });
  it('keeps the matched terms so a person sees why', () => {
    expect(scorer.score('package never arrived').terms).toEqual(['package', 'never arrived']);
  });
});

describe('language', () => {
  it('detects by script and honours the caller', () => {
    expect(scorer.score('送餐太慢了').lang).toBe('zh');
    expect(scorer.score('too slow').lang).toBe('en');
    expect(scorer.score('too slow', { lang: 'zh' }).lang).toBe('zh');
  });
  it('reads both parts of a mixed text', () => {
    const result = scorer.score('这个 charger is terrible，质量太差');
    expect(result.lang).toBe('zh');
    expect(result.terms).toEqual(expect.arrayContaining(['terrible', '太差']));
  });
});
