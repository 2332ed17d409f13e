import { describe, expect, it } from 'vitest';
import { createTextScorer, MAX_SCORED_CHARS } from '../src/index.js';

const scorer = createTextScorer();

describe('odd input never throws', () => {
  it.each([
    ['empty', ''],
    ['whitespace', ' \t\n  '],
    ['emoji only', '😡😡😡'],
    ['lone surrogates', '\uD800 broken \uDFFF\uDBFF'],
    [
      'replacement characters from invalid UTF-8',
      Buffer.from([0xff, 0xfe, 0x62, 0x61, 0x64]).toString('utf8'),
    ],
    ['control characters', '\u0000\u0001bad\u007f'],
    ['only punctuation', '!!!???...,,,'],
    ['zero-width joiners', '👩\u200D👩\u200D👧'],
    ['a huge entity', '&#99999999; &#xD800; &bogus;'],
    ['unclosed HTML', '<div <b>broken'],
  ])('%s', (_name, text) => {
    const result = scorer.score(text);
    expect(['negative', 'neutral', 'positive']).toContain(result.label);
    expect(Number.isFinite(result.score)).toBe(true);
    expect(Number.isFinite(result.comparative)).toBe(true);
  });

  it('an empty text is neutral with nothing to show', () => {
    expect(scorer.score('   ')).toEqual({
      label: 'neutral',
      score: 0,
      comparative: 0,
      lang: 'en',
      topics: [],
      complaint: false,
      terms: [],
    });
  });

  it('a 1 MB text scores its first characters and says so', () => {
    const text = 'It broke. '.repeat(100_000);
    const started = performance.now();
    const result = scorer.score(text);
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.truncated).toBe(true);
    expect(result.label).toBe('negative');
    expect(scorer.score('It broke.').truncated).toBeUndefined();
    expect(MAX_SCORED_CHARS).toBeLessThan(text.length);
  });

  it('does not split an emoji when truncating', () => {
    const text = `${'a'.repeat(MAX_SCORED_CHARS - 1)}😡`;
    expect(() => scorer.score(text)).not.toThrow();
  });

  it('ignores HTML, URLs and @handles', () => {
    expect(scorer.score('<p>Thanks, <b>arrived</b> today</p>').terms).not.toContain('b');
    expect(scorer.score('see https://example.com/broken-junk-refund').label).toBe('neutral');
    expect(scorer.score('@BrokenToys hello').label).toBe('neutral');
    expect(scorer.score('It broke &amp; leaks').label).toBe('negative');
  });

  it('accepts a non-string from untyped callers', () => {
    const untyped: unknown = 42;
    expect(scorer.score(untyped as string).label).toBe('neutral');
  });
});
