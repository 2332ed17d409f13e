import { describe, expect, it } from 'vitest';
import type { Grade } from '../../src/grading/index.js';
import { gradeComplaint } from '../../src/grading/index.js';
import { firstComplaint } from './complaints.js';

function grade(text: string): Grade {
  return gradeComplaint(firstComplaint(text));
}

function codes(text: string): string[] {
  return grade(text).reasons.map((reason) => reason.code);
}

describe('level 1 on urgent keywords, in Simplified, Traditional and English', () => {
  const cases: Array<[string, string[]]> = [
    [
      'keyword.product_safety',
      [
        '电暖器用了两天就冒烟了，插头都烧焦了',
        '孩子玩的时候被电池烫伤了，现在在住院',
        '這台暖風機昨天突然著火，差點燒起來',
        '插座漏電，我兒子觸電了',
        'The charger caught fire on my desk last night.',
        'My daughter was injured by the blade and we went to the emergency room.',
        'The battery exploded while charging.',
      ],
    ],
    [
      'keyword.account_security',
      [
        '我的账号被盗了，还被盗刷了两千块',
        '收到一条未经授权的扣款',
        '我的帳號被盜了，信用卡被盜刷',
        'My account was hacked and someone placed orders.',
        'There is an unauthorised charge of $300 on my card.',
      ],
    ],
    [
      'keyword.regulator_or_media',
      [
        '三天内不解决我就打12315',
        '我已经联系了消协和市场监管局',
        '我會找記者曝光你們',
        'If this is not fixed I will contact my lawyer.',
        'I am going to the press with this.',
      ],
    ],
    [
      'keyword.group_complaint',
      [
        '我们很多人都买到了同一批次的问题产品',
        '我们要集体投诉',
        '群裡好多人都遇到了一樣的問題',
        'Many of us in the neighbourhood got the same faulty batch.',
        'We are preparing a class action.',
      ],
    ],
  ];

  for (const [code, texts] of cases) {
    for (const text of texts) {
      it(`${code}: ${text}`, () => {
        const result = grade(text);
        expect(result.level, JSON.stringify(result)).toBe(1);
        expect(codes(text)).toContain(code);
      });
    }
  }
});

describe('negation and false friends are not level 1 on that keyword alone', () => {
  const notUrgent = [
    '放心，这款电暖器不会起火，只是噪音有点大',
    '没有爆炸，也没有冒烟，就是不出热风',
    '從來沒有出現過漏電，只是外殼有刮痕',
    'There is no fire risk, it is just noisy.',
    'It does not catch fire, but the fan is loud.',
    'It never exploded or anything, the screen just flickers.',
    'The box says smoke-free, yet it arrived scratched.',
    'I got fired last week and need this order cancelled.',
    'We sat around the bonfire and the tent zip broke.',
    'My Fire TV stick keeps buffering.',
    '这款火爆款质量太差了',
    '防爆玻璃上有划痕',
    'Sue from customer service was very rude to me.',
  ];
  for (const text of notUrgent) {
    it(text, () => {
      const result = grade(text);
      expect(result.level, JSON.stringify(result)).toBe(2);
      expect(codes(text).some((code) => code.startsWith('keyword.'))).toBe(false);
    });
  }

  it('still fires when the negation belongs to another clause or is no negation at all', () => {
    for (const text of [
      '没有人理我，现在冒烟了',
      '没用几天就起火了',
      '没想到居然爆炸了',
      '毫无征兆地起火了',
      'No one answered, and now it caught fire.',
      'It did not charge, but then it started smoking.',
    ]) {
      expect(grade(text).level, `${text}: ${JSON.stringify(grade(text))}`).toBe(1);
    }
  });

  it('counts a keyword that is negated once and affirmed elsewhere', () => {
    expect(grade('说明书说不会起火，结果昨晚真的起火了').level).toBe(1);
  });

  it('treats a worried question as a mention, not a negation', () => {
    expect(grade('这个充电宝会不会爆炸？').level).toBe(1);
  });
});

describe('level 3 for a suggestion that is not a complaint', () => {
  for (const text of [
    '建议增加一个夜间模式',
    '希望能出一款大容量的版本',
    '如果能加一个定时功能就好了',
    '建議增加夜間模式，謝謝',
    'I would suggest a darker colour option.',
    'It would be nice if the app showed the delivery window.',
    'Feature request: could you add a wish list to the app?',
  ]) {
    it(text, () => {
      const result = grade(text);
      expect(result.level, JSON.stringify(result)).toBe(3);
      expect(result.reasons.map((reason) => reason.code)).toEqual(['suggestion']);
    });
  }

  it('is level 2 when the suggestion also complains', () => {
    for (const text of [
      '建议你们尽快给我退款',
      '東西壞了，建議你們改進品質',
      'I suggest you refund me, it is broken.',
    ]) {
      const result = grade(text);
      expect(result.level, `${text}: ${JSON.stringify(result)}`).toBe(2);
      expect(result.reasons[0]?.code).toBe('category.default');
      expect(result.reasons[0]?.detail).toMatch(/outweighed by complaint wording/);
    }
  });

  it('is level 2 when the text scorer reads it as negative or as a complaint', () => {
    const text = '建议增加夜间模式';
    for (const sentiment of [
      { label: 'negative', complaint: false },
      { label: 'neutral', complaint: true },
    ] as const) {
      const result = gradeComplaint(firstComplaint(text, { sentiment }));
      expect(result.level, JSON.stringify(result)).toBe(2);
      expect(result.reasons[0]?.detail).toMatch(/text scorer/);
    }
    expect(
      gradeComplaint(firstComplaint(text, { sentiment: { label: 'positive', complaint: false } })).level,
    ).toBe(3);
  });

  it('is level 1 when the suggestion mentions an urgent keyword', () => {
    expect(codes('建议改进一下电池，我的那块已经鼓包冒烟了')).toEqual(['keyword.product_safety']);
  });
});

describe('level 2 otherwise', () => {
  it('grades a routine complaint by its category', () => {
    for (const text of ['快递三天了还没到', '客服态度很差', 'The sleeve came off after one wash.']) {
      expect(grade(text)).toEqual({
        level: 2,
        reasons: [
          {
            code: 'category.default',
            detail: 'no urgent or suggestion rule decided: quality complaints are level 2',
          },
        ],
      });
    }
  });
});
