import { describe, expect, it } from 'vitest';
import { gradeComplaint } from '../../src/grading/index.js';
import { firstComplaint, fromRegular, fromVip } from './complaints.js';

const idea = '建议增加一个夜间模式';
const routine = '快递三天了还没到';

describe('customer tier and complaint history', () => {
  it("grades a VIP's third complaint in 30 days 2, not 3, and says why", () => {
    const result = gradeComplaint(fromVip(idea, 2));
    expect(result.level).toBe(2);
    expect(result.reasons).toEqual([
      { code: 'suggestion', detail: 'reads as a suggestion (建议) with no complaint wording' },
      { code: 'vip.repeat', detail: 'VIP with 2 earlier complaints in 30 days (limit 2): never level 3' },
    ]);
  });

  it("leaves a VIP's first or second suggestion at level 3", () => {
    expect(gradeComplaint(fromVip(idea, 0)).level).toBe(3);
    expect(gradeComplaint(fromVip(idea, 1)).level).toBe(3);
  });

  it('keeps a regular customer at level 3 until the repeat threshold, then 2', () => {
    expect(gradeComplaint(fromRegular(idea, 3)).level).toBe(3);
    const result = gradeComplaint(fromRegular(idea, 4));
    expect(result.level).toBe(2);
    expect(result.reasons.map((reason) => reason.code)).toEqual(['suggestion', 'history.repeat']);
  });

  it('sends a level 2 complaint from a VIP with many recent complaints to level 1', () => {
    const result = gradeComplaint(fromVip(routine, 4));
    expect(result.level).toBe(1);
    expect(result.reasons.map((reason) => reason.code)).toEqual([
      'category.default',
      'vip.repeat',
      'history.repeat',
      'vip.churn_risk',
    ]);
    expect(result.reasons.at(-1)?.detail).toBe(
      'VIP with 4 earlier complaints in 30 days (limit 4) and another level 2 complaint: may be about to leave',
    );
  });

  it('does not send a VIP with 3 earlier complaints, or a regular customer with many, to level 1', () => {
    expect(gradeComplaint(fromVip(routine, 3)).level).toBe(2);
    expect(gradeComplaint(fromRegular(routine, 20)).level).toBe(2);
  });

  it("keeps a frequent VIP's idea at level 2: the churn rule is for complaints", () => {
    const result = gradeComplaint(fromVip(idea, 6));
    expect(result.level).toBe(2);
    expect(result.reasons.map((reason) => reason.code)).not.toContain('vip.churn_risk');
  });

  it('treats a missing, negative or fractional count as what it can be', () => {
    expect(gradeComplaint(fromVip(idea, -3)).level).toBe(3);
    expect(gradeComplaint(fromVip(idea, Number.NaN)).level).toBe(3);
    expect(gradeComplaint(fromVip(idea, 2.7)).reasons.at(-1)?.detail).toMatch(
      /^VIP with 2 earlier complaints/,
    );
    expect(gradeComplaint(fromVip(idea, 1)).reasons).toHaveLength(1);
  });
});

describe('reasons', () => {
  it('lists every rule that fired in a stable order, the level being the most urgent', () => {
    const text = '充电宝冒烟了，我的账号被盗了，我们很多人都这样，我要找媒体曝光，建议你们改进';
    const result = gradeComplaint(fromVip(text, 5, { channel: 'social' }));
    expect(result.level).toBe(1);
    expect(result.reasons).toEqual([
      { code: 'keyword.product_safety', detail: 'mentions 冒烟 (product safety)' },
      { code: 'keyword.account_security', detail: 'mentions 账号被盗 (account security)' },
      { code: 'keyword.regulator_or_media', detail: 'mentions 媒体, 曝光 (regulator or media)' },
      { code: 'keyword.group_complaint', detail: 'mentions 我们很多人 (group complaint)' },
      { code: 'channel.social', detail: 'came in through social: never less urgent than level 2' },
      { code: 'vip.repeat', detail: 'VIP with 5 earlier complaints in 30 days (limit 2): never level 3' },
      { code: 'history.repeat', detail: '5 earlier complaints in 30 days (limit 4): never level 3' },
    ]);
  });

  it('quotes each keyword once, as written, however often it occurs', () => {
    const result = gradeComplaint(firstComplaint('起火了！真的起火了！FIRE! Fire! 著火'));
    expect(result.reasons[0]?.detail).toBe('mentions 起火, FIRE, 著火 (product safety)');
  });

  it('gives the same grade for the same input', () => {
    const input = fromVip('客服态度很差，建议培训', 4, { channel: 'social' });
    expect(gradeComplaint(input)).toEqual(gradeComplaint(input));
  });

  it('raises a public idea to level 2 through the social channel floor', () => {
    const result = gradeComplaint(firstComplaint(idea, { channel: 'social' }));
    expect(result.level).toBe(2);
    expect(result.reasons.map((reason) => reason.code)).toEqual(['suggestion', 'channel.social']);
  });
});
