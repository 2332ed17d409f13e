import { z } from 'zod';
import type { ComplaintCategory, ComplaintChannel, Level, UrgentGroup } from './types.js';
import { COMPLAINT_CHANNELS } from './types.js';

/**
 * Everything grading weighs, as data. Keywords are matched case-insensitively; Chinese ones match
 * their common Traditional forms too (write either form). Two bits of syntax:
 * - `*` in an English keyword stands for any letters: `explod*` → explode, exploded, explosion;
 *   `unauthori*ed` → unauthorized, unauthorised;
 * - `...` is a short gap inside one clause (at most `keywordGap` characters): `如果能...就好了`.
 * English keywords match whole words only, so `fire` is not found in `fired` or `bonfire`.
 */
export interface GradingRules {
  /** Any of these (not negated, see below) makes a complaint level 1. */
  urgentKeywords: Record<UrgentGroup, string[]>;
  /** Phrases that contain an urgent keyword but do not mean it: `火爆` (selling well), `fire tv`. */
  falseFriends: string[];
  /** Wording of an improvement idea: level 3 unless it also reads as a complaint. */
  suggestionKeywords: string[];
  /** Wording that makes a text a complaint, so never a mere suggestion: `坏`, `退货`, `refund`. */
  complaintKeywords: string[];
  /** Words that negate an urgent keyword shortly after them: `不会起火`, `no fire risk`. */
  negationCues: string[];
  /** Look like a cue but do not negate (`没想到` "did not expect", `会不会` a question, `not only`). */
  negationExceptions: string[];
  /** End a negation's reach (besides punctuation): `没有人理，但是冒烟了`. */
  negationBreaks: string[];
  /**
   * How far before a keyword a cue still negates it, in characters. Chinese negation sits right
   * before the verb (`没有任何起火`), English needs a few words (`without any sign of smoke`).
   */
  negationWindow: { chinese: number; english: number };
  /** At most this many characters between the parts of a `...` keyword. */
  keywordGap: number;
  /** Only the first this many characters are read (longer texts are cut, not refused). */
  maxTextChars: number;
  /** The level of a text that no keyword rule decides. */
  categoryLevels: Record<ComplaintCategory, Level>;
  /** The least urgent level for a channel: `{ social: 2 }` means a public post is never level 3. */
  channelFloors: Partial<Record<ComplaintChannel, Level>>;
  /** A VIP with this many earlier complaints in 30 days is never level 3. */
  vipRepeatThreshold: number;
  /** Any customer with this many earlier complaints in 30 days is never level 3. */
  repeatThreshold: number;
  /** A VIP with this many earlier complaints in 30 days whose complaint is level 2 goes to level 1. */
  vipUrgentThreshold: number;
}

// The lists are deliberately specific: a level 1 pages the duty manager, so a bare `火` or `医院`
// would cry wolf. Traditional forms come from the fold table, so only Simplified is listed here.
const productSafety = [
  '起火',
  '着火',
  '失火',
  '自燃',
  '冒烟',
  '冒火',
  '冒火花',
  '烧起来',
  '烧焦',
  '烧糊',
  '爆炸',
  '炸开',
  '炸裂',
  '触电',
  '漏电',
  '电到',
  '电了一下',
  '短路',
  '过热',
  '鼓包',
  '烫伤',
  '烧伤',
  '受伤',
  '划伤',
  '割伤',
  '流血',
  '住院',
  '送医',
  '急诊',
  '进了医院',
  '去了医院',
  '中毒',
  '严重过敏',
  '过敏性休克',
  '过敏反应',
  '误食',
  '吞下',
  '窒息',
  '卡喉',
  '噎住',
  '有毒',
  '致癌',
  'fire',
  'fires',
  'caught fire',
  'on fire',
  'flames',
  'smoke',
  'smoking',
  'sparks',
  'sparking',
  'burn',
  'burns',
  'burned',
  'burnt',
  'scald*',
  'explod*',
  'explosion',
  'electric shock',
  'electrocut*',
  'short circuit*',
  'overheat*',
  'injur*',
  'hospital',
  'hospitalized',
  'hospitalised',
  'emergency room',
  'poison*',
  'toxic',
  'chok*',
  'suffocat*',
  'swallowed',
  'allergic reaction',
  'anaphyla*',
  'bleeding',
];

const accountSecurity = [
  '盗号',
  '号被盗',
  '账号被盗',
  '帐号被盗',
  '账户被盗',
  '帐户被盗',
  '盗刷',
  '银行卡被盗',
  '被盗用',
  '被冒用',
  '密码被改',
  '异地登录',
  '陌生设备登录',
  '未经授权',
  '未授权',
  '莫名扣款',
  '莫名其妙扣',
  '不明扣款',
  '诈骗',
  '被骗',
  '冒充客服',
  '信息泄露',
  '隐私泄露',
  '泄露了我',
  'hacked',
  'hacker*',
  'stolen account',
  'account stolen',
  'account was stolen',
  'account got stolen',
  'account takeover',
  'unauthori*ed charge*',
  'unauthori*ed payment*',
  'unauthori*ed transaction*',
  'unauthori*ed login*',
  'fraud',
  'fraudulent charge*',
  'phishing',
  'identity theft',
  'data breach',
  'data leak*',
  'password was changed',
];

const regulatorOrMedia = [
  '12315',
  '12345',
  '消协',
  '消费者协会',
  '消保委',
  '市场监管',
  '市场监督',
  '监管部门',
  '工商局',
  '找工商',
  '投诉到工商',
  '315晚会',
  '黑猫投诉',
  '媒体',
  '曝光',
  '记者',
  '微博曝光',
  '发微博',
  '上热搜',
  '发抖音',
  '发到网上',
  '律师',
  '起诉',
  '法院',
  '打官司',
  '诉讼',
  'lawyer*',
  'attorney*',
  'sue you',
  'sue your',
  'sue the',
  'will sue',
  'going to sue',
  'suing',
  'lawsuit',
  'legal action',
  'small claims',
  'consumer protection',
  'regulator*',
  'trading standards',
  'ombudsman',
  'better business bureau',
  'journalist*',
  'reporter*',
  'the press',
  'the media',
  'social media',
  'go public',
  'go viral',
];

const groupComplaint = [
  '我们很多人',
  '我们好多人',
  '很多人都',
  '好多人都',
  '集体投诉',
  '联名投诉',
  '群里好多人',
  '群里很多人',
  '大家都遇到',
  '不止我一个',
  '维权群',
  'many of us',
  'all of us',
  'class action',
  'group complaint',
  'not the only one',
  'everyone in our group',
  'lots of people have',
  'many people have',
];

/**
 * The shipped rules. Thresholds: a VIP's third complaint in 30 days (2 earlier) is never a level 3,
 * nor is anyone's fifth (4 earlier); a VIP's fifth level 2 complaint is treated as a customer about
 * to leave and goes to level 1.
 */
export const DEFAULT_GRADING_RULES: GradingRules = deepFreeze({
  urgentKeywords: {
    product_safety: productSafety,
    account_security: accountSecurity,
    regulator_or_media: regulatorOrMedia,
    group_complaint: groupComplaint,
  },
  falseFriends: [
    '火爆',
    '爆炸性',
    '爆炸价',
    '爆炸款',
    '防火',
    '防爆',
    '防烫',
    '防触电',
    '防漏电',
    '防盗号',
    '自媒体',
    'fire tv',
    'fire tablet',
    'fire stick',
    'kindle fire',
    'fire-resistant',
    'fire resistant',
    'fire-retardant',
    'fire retardant',
    'no smoking',
    'smoke-free',
  ],
  suggestionKeywords: [
    '建议',
    '希望能',
    '希望可以',
    '希望以后',
    '要是能',
    '要是有',
    '能不能增加',
    '能否增加',
    '可不可以增加',
    '能不能加',
    '可以考虑',
    '如果能...就好了',
    '如果有...就好了',
    '就更好了',
    '改进一下',
    '优化一下',
    'suggest*',
    'it would be nice if',
    "it'd be nice if",
    'would be great if',
    'would love to see',
    'feature request',
    'could you add',
    'can you add',
    'please consider',
    'wish list',
  ],
  complaintKeywords: [
    '坏',
    '差',
    '烂',
    '破',
    '退货',
    '退款',
    '退钱',
    '换货',
    '赔偿',
    '投诉',
    '垃圾',
    '故障',
    '不能用',
    '用不了',
    '没收到',
    '还没到',
    '骗',
    '失望',
    '生气',
    '气死',
    '不建议',
    '不推荐',
    '态度',
    'broken',
    'broke',
    'refund*',
    'return it',
    'send it back',
    'complain*',
    'defective',
    'faulty',
    'damaged',
    'terrible',
    'awful',
    'worst',
    'useless',
    'rude',
    'disappointed',
    'angry',
    "doesn't work",
    "didn't work",
    'not working',
    'stopped working',
    'never arrived',
    'missing',
    'compensat*',
  ],
  negationCues: [
    '不会',
    '不可能',
    '不能',
    '不是',
    '不存在',
    '没有',
    '没',
    '并未',
    '从未',
    '未曾',
    '无',
    '防',
    'no',
    'not',
    "don't",
    "doesn't",
    "didn't",
    "won't",
    "wouldn't",
    "can't",
    'cannot',
    "isn't",
    "wasn't",
    "aren't",
    "weren't",
    "hasn't",
    "haven't",
    "hadn't",
    'never',
    'without',
    'nor',
    'zero',
    'free of',
  ],
  negationExceptions: [
    '没想到',
    '没料到',
    '没多久',
    '没过多久',
    '没几天',
    '没用几天',
    '没几次',
    '没一会',
    '没两天',
    '没人管',
    '没有人管',
    '没人理',
    '没有人理',
    '会不会',
    '是不是',
    '有没有',
    '能不能',
    '不仅',
    '不但',
    '无缘无故',
    '无故',
    '毫无征兆',
    '无征兆',
    '无预警',
    '不知道',
    'not only',
    'no one',
    'no idea',
    'no reason',
    'no warning',
    'not long',
    'not sure',
    'not even',
    'no matter',
    'never thought',
    'never expected',
    'without warning',
    'without any warning',
  ],
  negationBreaks: ['但', '可是', '却', '结果', '然后', '而且', 'but', 'however', 'then', 'and', 'so'],
  negationWindow: { chinese: 6, english: 20 },
  keywordGap: 20,
  maxTextChars: 20_000,
  categoryLevels: { quality: 2, logistics: 2, service: 2, advertising: 2, other: 2 },
  channelFloors: { social: 2 },
  vipRepeatThreshold: 2,
  repeatThreshold: 4,
  vipUrgentThreshold: 4,
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

// Bounds for rules that arrive over the API: generous for real teams, small enough that one rule set
// cannot make every intake slow.
const MAX_KEYWORDS = 1_000;
const MAX_KEYWORD_CHARS = 64;

const keyword = z
  .string()
  .trim()
  .min(1, 'a keyword cannot be empty')
  .max(MAX_KEYWORD_CHARS)
  .refine((value) => value.replaceAll('...', '').replaceAll('*', '').trim().length > 0, {
    message: 'a keyword needs some text besides `*` and `...`',
  });

function keywords(fallback: readonly string[]) {
  return z
    .array(keyword)
    .max(MAX_KEYWORDS)
    .default(() => [...fallback]);
}

const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const threshold = z.number().int().min(1).max(10_000);
const defaults = DEFAULT_GRADING_RULES;

/**
 * Validates grading rules from outside (API, configuration). Fields left out take the defaults,
 * each keyword group on its own; unknown keys are refused so a typo is not silently ignored.
 *
 * @example
 * const rules = gradingRulesSchema.parse({ vipRepeatThreshold: 1, suggestionKeywords: ['建议', 'idea'] });
 * gradeComplaint(input, rules);
 */
export const gradingRulesSchema: z.ZodType<GradingRules> = z.strictObject({
  urgentKeywords: z
    .strictObject({
      product_safety: keywords(defaults.urgentKeywords.product_safety),
      account_security: keywords(defaults.urgentKeywords.account_security),
      regulator_or_media: keywords(defaults.urgentKeywords.regulator_or_media),
      group_complaint: keywords(defaults.urgentKeywords.group_complaint),
    })
    .default(() => structuredClone(defaults.urgentKeywords)),
  falseFriends: keywords(defaults.falseFriends),
  suggestionKeywords: keywords(defaults.suggestionKeywords),
  complaintKeywords: keywords(defaults.complaintKeywords),
  negationCues: keywords(defaults.negationCues),
  negationExceptions: keywords(defaults.negationExceptions),
  negationBreaks: keywords(defaults.negationBreaks),
  negationWindow: z
    .strictObject({ chinese: z.number().int().min(0).max(50), english: z.number().int().min(0).max(200) })
    .default(() => ({ ...defaults.negationWindow })),
  keywordGap: z.number().int().min(1).max(100).default(defaults.keywordGap),
  maxTextChars: z.number().int().min(100).max(1_000_000).default(defaults.maxTextChars),
  categoryLevels: z
    .strictObject({ quality: level, logistics: level, service: level, advertising: level, other: level })
    .default(() => ({ ...defaults.categoryLevels })),
  channelFloors: z
    .partialRecord(z.enum(COMPLAINT_CHANNELS), level)
    .default(() => ({ ...defaults.channelFloors })),
  vipRepeatThreshold: threshold.default(defaults.vipRepeatThreshold),
  repeatThreshold: threshold.default(defaults.repeatThreshold),
  vipUrgentThreshold: threshold.default(defaults.vipUrgentThreshold),
});
