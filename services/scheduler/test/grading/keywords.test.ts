import { describe, expect, it } from 'vitest';
import { DEFAULT_GRADING_RULES } from '../../src/grading/index.js';
import { keywordListsSource, keywordSource, NegationCheck } from '../../src/grading/keywords.js';

function matches(keyword: string, text: string): boolean {
  return new RegExp(keywordSource(keyword, 20), 'i').test(text);
}

describe('keywordSource', () => {
  it('matches English keywords as whole words', () => {
    expect(matches('fire', 'it caught fire.')).toBe(true);
    expect(matches('fire', 'I was fired')).toBe(false);
    expect(matches('fire', 'a bonfire')).toBe(false);
    expect(matches('caught fire', 'caught   fire')).toBe(true);
  });

  it('reads `*` as any letters and `...` as a short gap in one clause', () => {
    expect(matches('explod*', 'it exploded')).toBe(true);
    expect(matches('unauthori*ed charge', 'an unauthorised charge')).toBe(true);
    expect(matches('如果能...就好了', '如果能便宜点就好了')).toBe(true);
    expect(matches('如果能...就好了', `如果能${'很'.repeat(30)}就好了`)).toBe(false);
    expect(matches('...就好了...', '这样就好了')).toBe(true);
  });

  it('matches Chinese keywords in either script and digits inside Chinese text', () => {
    expect(matches('触电', '觸電')).toBe(true);
    expect(matches('觸電', '触电')).toBe(true);
    expect(matches('着火', '著火')).toBe(true);
    expect(matches('12315', '拨打12315投诉')).toBe(true);
    expect(matches('12315', '订单号123150')).toBe(false);
  });

  it('escapes regex syntax in keywords', () => {
    expect(matches('a.b (c)', 'a.b (c)')).toBe(true);
    expect(matches('a.b', 'axb')).toBe(false);
  });
});

describe('keywordListsSource', () => {
  it('tells which list a match came from', () => {
    const { source, listOf } = keywordListsSource([['火爆'], ['起火', 'fire'], ['盗号']], 20);
    const pattern = new RegExp(source, 'gi');
    const found = [...'火爆款 起火 FIRE 被盗号'.matchAll(pattern)].map((match) => [match[0], listOf(match)]);
    expect(found).toEqual([
      ['火爆', 0],
      ['起火', 1],
      ['FIRE', 1],
      ['盗号', 2],
    ]);
  });

  it('never matches for empty lists', () => {
    const { source } = keywordListsSource([[], []], 20);
    expect(new RegExp(source, 'gi').test('anything 什么')).toBe(false);
  });
});

describe('NegationCheck', () => {
  const check = new NegationCheck(DEFAULT_GRADING_RULES);
  function negated(text: string, keyword: string): boolean {
    return check.isNegated(text, text.lastIndexOf(keyword), keyword);
  }

  it('sees a cue just before the keyword in the same clause', () => {
    expect(negated('不会起火', '起火')).toBe(true);
    expect(negated('没有任何起火', '起火')).toBe(true);
    expect(negated("it won't catch fire", 'fire')).toBe(true);
    expect(negated('without any sign of smoke', 'smoke')).toBe(true);
  });

  it('stops at a clause end, a contrast word or the window', () => {
    expect(negated('不会，起火', '起火')).toBe(false);
    expect(negated('没有说明书但起火了', '起火')).toBe(false);
    expect(negated('没有人告诉我使用时会起火', '起火')).toBe(false);
    expect(negated('no, it caught fire', 'fire')).toBe(false);
  });

  it('lets a one-character cue reach only the next character', () => {
    expect(negated('没起火', '起火')).toBe(true);
    expect(negated('没关机就冒烟了', '冒烟')).toBe(false);
  });
});

describe('NegationCheck with configured cues', () => {
  it('uses only the configured words', () => {
    const check = new NegationCheck({
      negationCues: ['绝不'],
      negationExceptions: [],
      negationBreaks: [],
      negationWindow: { chinese: 4, english: 0 },
    });
    expect(check.isNegated('绝不起火', 2, '起火')).toBe(true);
    expect(check.isNegated('不会起火', 2, '起火')).toBe(false);
    expect(check.isNegated('never fire', 6, 'fire')).toBe(false);
  });
});
