import { describe, expect, it } from 'vitest';
import { DEFAULT_GRADING_RULES, gradeComplaint } from '../../src/grading/index.js';
import { firstComplaint } from './complaints.js';

describe('robust input', () => {
  it('grades an empty or blank text by its category', () => {
    for (const text of ['', '   \n\t ']) {
      expect(gradeComplaint(firstComplaint(text)).reasons.map((reason) => reason.code)).toEqual([
        'category.default',
      ]);
    }
  });

  it('grades a 20,000-character text and finds a keyword at its end', () => {
    const filler = '这件衣服洗了一次就缩水了。'.repeat(1_600);
    const text = `${filler.slice(0, 20_000 - 4)}冒烟了！`;
    expect(text).toHaveLength(20_000);
    expect(gradeComplaint(firstComplaint(text)).level).toBe(1);
  });

  it('reads only the first maxTextChars characters of a longer text', () => {
    const text = `${'a'.repeat(DEFAULT_GRADING_RULES.maxTextChars)} fire`;
    expect(gradeComplaint(firstComplaint(text)).level).toBe(2);
  });

  it('stays fast on a long text full of keywords and negations', () => {
    const text = '不会起火，没有冒烟，no fire, not smoking. '.repeat(600);
    const began = performance.now();
    const result = gradeComplaint(firstComplaint(text));
    expect(result.level).toBe(2);
    // Generous bound: a pathological regex would take seconds here, a sound one a few milliseconds.
    expect(performance.now() - began).toBeLessThan(500);
  });

  it('reads keywords through leftover markup', () => {
    expect(gradeComplaint(firstComplaint('<p>我的<b>充电宝</b><i>爆炸</i>了</p>')).level).toBe(1);
    expect(gradeComplaint(firstComplaint('<div class="fire">ok</div>建议加个颜色')).level).toBe(1);
    expect(gradeComplaint(firstComplaint('&lt;建议&gt; 加个深色模式 &amp; 大字体')).level).toBe(3);
  });

  it('handles emoji and unusual characters', () => {
    expect(gradeComplaint(firstComplaint('🔥🔥🔥 冒烟了😱😱')).level).toBe(1);
    expect(gradeComplaint(firstComplaint('建议👍加个表情包🙏')).level).toBe(3);
    expect(gradeComplaint(firstComplaint('\u0000\uffff\ud83d 漏电')).level).toBe(1);
    expect(gradeComplaint(firstComplaint('fire\u200b')).level).toBe(1);
  });

  it('matches English keywords whatever their case or spacing', () => {
    expect(gradeComplaint(firstComplaint('IT CAUGHT\n  FIRE')).reasons[0]?.detail).toBe(
      'mentions CAUGHT FIRE (product safety)',
    );
  });

  it('does not throw on malformed input from untyped callers', () => {
    const broken = JSON.parse('{"text":null,"category":"unknown","channel":"fax","customer":null}');
    expect(gradeComplaint(broken)).toEqual({
      level: 2,
      reasons: [
        {
          code: 'category.default',
          detail: 'no urgent or suggestion rule decided: unknown complaints are level 2',
        },
      ],
    });
  });
});
