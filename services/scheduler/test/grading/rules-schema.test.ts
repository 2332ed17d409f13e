import { describe, expect, it } from 'vitest';
import { DEFAULT_GRADING_RULES, gradeComplaint, gradingRulesSchema } from '../../src/grading/index.js';
import { firstComplaint, fromVip } from './complaints.js';

describe('gradingRulesSchema', () => {
  it('fills every field left out with the defaults', () => {
    expect(gradingRulesSchema.parse({})).toEqual(DEFAULT_GRADING_RULES);
  });

  it('keeps the other keyword groups when one group is configured', () => {
    const rules = gradingRulesSchema.parse({ urgentKeywords: { group_complaint: ['全村'] } });
    expect(rules.urgentKeywords.group_complaint).toEqual(['全村']);
    expect(rules.urgentKeywords.product_safety).toEqual(DEFAULT_GRADING_RULES.urgentKeywords.product_safety);
  });

  it('grades with custom keywords, in both scripts, and custom thresholds', () => {
    const rules = gradingRulesSchema.parse({
      urgentKeywords: { regulator_or_media: ['消费保', 'watchdog'] },
      suggestionKeywords: ['小想法'],
      vipRepeatThreshold: 1,
    });
    expect(gradeComplaint(firstComplaint('我要去消费保投诉'), rules).level).toBe(1);
    expect(gradeComplaint(firstComplaint('I will write to the consumer watchdog'), rules).level).toBe(1);
    // Now a plain English mention of a lawyer is no longer in the list.
    expect(gradeComplaint(firstComplaint('My lawyer will hear about this'), rules).level).toBe(2);
    expect(gradeComplaint(firstComplaint('一个小想法：加个夜间模式'), rules).level).toBe(3);
    expect(gradeComplaint(firstComplaint('一個小想法：加個夜間模式'), rules).level).toBe(3);
    expect(gradeComplaint(fromVip('一个小想法：加个夜间模式', 1), rules).level).toBe(2);
  });

  it('lets a category or a channel carry its own level', () => {
    const rules = gradingRulesSchema.parse({
      categoryLevels: { quality: 2, logistics: 2, service: 2, advertising: 1, other: 3 },
      channelFloors: { marketplace: 1 },
    });
    const ad = gradeComplaint(firstComplaint('宣传的功效根本没有', { category: 'advertising' }), rules);
    expect(ad.level).toBe(1);
    expect(ad.reasons[0]?.detail).toBe(
      'no urgent or suggestion rule decided: advertising complaints are level 1',
    );
    expect(gradeComplaint(firstComplaint('', { category: 'other' }), rules).level).toBe(3);
    expect(
      gradeComplaint(firstComplaint('快递慢', { channel: 'marketplace' }), rules).reasons.at(-1),
    ).toEqual({
      code: 'channel.marketplace',
      detail: 'came in through marketplace: never less urgent than level 1',
    });
    // The social floor is gone once channelFloors is configured without it.
    expect(gradeComplaint(firstComplaint('建议加个夜间模式', { channel: 'social' }), rules).level).toBe(3);
  });

  it('supports `*` and `...` in configured keywords', () => {
    const rules = gradingRulesSchema.parse({
      urgentKeywords: { product_safety: ['melt*'] },
      suggestionKeywords: ['要是...该多好'],
    });
    expect(gradeComplaint(firstComplaint('The handle melted on the stove'), rules).level).toBe(1);
    expect(gradeComplaint(firstComplaint('要是有夜间模式该多好'), rules).level).toBe(3);
    // A gap does not reach over a sentence end.
    expect(gradeComplaint(firstComplaint('要是早点发货。现在该多好'), rules).level).toBe(2);
  });

  it('refuses invalid rules and says where', () => {
    const invalid: Array<[unknown, string]> = [
      [{ vipRepeatThreshold: 0 }, 'vipRepeatThreshold'],
      [{ repeatThreshold: 2.5 }, 'repeatThreshold'],
      [{ vipUrgentThreshold: '4' }, 'vipUrgentThreshold'],
      [{ suggestionKeywords: ['建议', '  '] }, 'suggestionKeywords.1'],
      [{ complaintKeywords: ['...'] }, 'complaintKeywords.0'],
      [{ urgentKeywords: { product_safety: 'fire' } }, 'urgentKeywords.product_safety'],
      [{ urgentKeywords: { fire: ['fire'] } }, 'urgentKeywords'],
      [
        { categoryLevels: { quality: 4, logistics: 2, service: 2, advertising: 2, other: 2 } },
        'categoryLevels.quality',
      ],
      [{ categoryLevels: { quality: 1 } }, 'categoryLevels.logistics'],
      [{ channelFloors: { fax: 1 } }, 'channelFloors'],
      [{ negationWindow: { chinese: -1, english: 20 } }, 'negationWindow.chinese'],
      [{ suggestionKeywords: ['x'.repeat(65)] }, 'suggestionKeywords.0'],
      [{ vipRepeatThresold: 2 }, ''],
      [null, ''],
    ];
    for (const [rules, path] of invalid) {
      const result = gradingRulesSchema.safeParse(rules);
      expect(result.success, `${JSON.stringify(rules)} was accepted`).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
    }
  });

  it('grades with rules that round-trip through JSON', () => {
    const rules = gradingRulesSchema.parse(JSON.parse(JSON.stringify(DEFAULT_GRADING_RULES)));
    const input = firstComplaint('插座漏電了');
    expect(gradeComplaint(input, rules)).toEqual(gradeComplaint(input));
  });

  it('ships frozen defaults, so no caller changes them for everyone', () => {
    expect(Object.isFrozen(DEFAULT_GRADING_RULES.urgentKeywords.product_safety)).toBe(true);
  });
});
