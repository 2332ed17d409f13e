/**
 * # Complaint grading
 *
 * Grades a complaint 1 (urgent), 2 (normal) or 3 (suggestion) from its text, category, channel and
 * the customer's tier and history (DOMAIN.md, "Complaints and their clocks"). Pure and fast: no I/O,
 * the rules are compiled to a few regexes once per rule set, a 500-character text takes microseconds.
 * All lists and numbers live in {@link GradingRules}; the defaults are {@link DEFAULT_GRADING_RULES}.
 *
 * Rules, in the order their reasons are listed (several can fire; the level is the most urgent):
 * 1. `keyword.product_safety`, `keyword.account_security`, `keyword.regulator_or_media`,
 *    `keyword.group_complaint` → level 1. Fire, smoke, shock, injury, poisoning (`起火`, `触电`,
 *    `住院`); hacked accounts, unauthorised charges, fraud (`盗号`, `盗刷`); regulators, lawyers and
 *    the press (`12315`, `消协`, `曝光`, `lawyer`); several customers together (`集体投诉`, `many of
 *    us`). A keyword does not count when a negation sits just before it in the same clause (`不会起火`,
 *    `没有爆炸`, `no fire risk`), nor inside a false friend (`火爆`, `防爆`, `fire tv`); English
 *    keywords are whole words (`fired`, `bonfire` are not fire).
 * 2. `suggestion` → level 3: suggestion wording (`建议`, `如果能...就好了`, `it would be nice if`) and
 *    nothing of a complaint: no urgent keyword, no complaint wording (`坏`, `退货`, `refund`), and
 *    the text scorer, when given, reads it neither as negative nor as a complaint.
 * 3. `category.default` → the category's level (2 for every category by default), when neither rule
 *    above decided. Its detail says when suggestion wording was outweighed by a complaint.
 * 4. `channel.<channel>` → never less urgent than the channel's floor: `{ social: 2 }` by default, as
 *    a public post is answered on the normal flow even when it is an idea.
 * 5. `vip.repeat` → never level 3 for a VIP with `vipRepeatThreshold` (2) or more earlier complaints
 *    in 30 days: a VIP's third complaint in a month is no mere suggestion.
 * 6. `history.repeat` → never level 3 for anyone with `repeatThreshold` (4) or more.
 * 7. `vip.churn_risk` → level 1 for a VIP with `vipUrgentThreshold` (4) or more whose complaint is
 *    level 2 on its own (rules 1-4): a customer about to leave. A VIP's idea stays with rule 5.
 *
 * A supervisor's regrade is {@link regradeComplaint}: it replaces the level and adds a reason; the
 * caller records when, and the clocks follow the new level from then on.
 */

import { keywordListsSource, NegationCheck } from './keywords.js';
import type { GradingRules } from './rules.js';
import { DEFAULT_GRADING_RULES } from './rules.js';
import type { Grade, GradeReason, GradingInput, Level, UrgentGroup } from './types.js';
import { URGENT_GROUPS } from './types.js';

/** At most this many keywords are quoted in one reason; the rest add nothing for a reader. */
const QUOTED_TERMS = 5;

const GROUP_NAMES: Record<UrgentGroup, string> = {
  product_safety: 'product safety',
  account_security: 'account security',
  regulator_or_media: 'regulator or media',
  group_complaint: 'group complaint',
};

interface CompiledRules {
  /** False friends and the urgent groups: `urgentListOf` gives 0 for a false friend, 1.. a group. */
  urgent: RegExp;
  urgentListOf: (match: RegExpExecArray) => number;
  suggestion: RegExp;
  complaint: RegExp;
  negation: NegationCheck;
}

// Rule sets are compiled once and kept while the rules object lives; treat rules as immutable.
const compiledRules = new WeakMap<GradingRules, CompiledRules>();

function compile(rules: GradingRules): CompiledRules {
  const cached = compiledRules.get(rules);
  if (cached) return cached;
  const gap = rules.keywordGap;
  // False friends first: at one position `火爆` must win over any keyword that starts there.
  const groups = [rules.falseFriends, ...URGENT_GROUPS.map((group) => rules.urgentKeywords[group])];
  const urgent = keywordListsSource(groups, gap);
  const compiled: CompiledRules = {
    urgent: new RegExp(urgent.source, 'gi'),
    urgentListOf: urgent.listOf,
    suggestion: new RegExp(keywordListsSource([rules.suggestionKeywords], gap).source, 'gi'),
    complaint: new RegExp(keywordListsSource([rules.complaintKeywords], gap).source, 'gi'),
    negation: new NegationCheck(rules),
  };
  compiledRules.set(rules, compiled);
  return compiled;
}

/** Adds a matched term once (case-insensitively), up to `QUOTED_TERMS`; whitespace is tidied. */
function quote(terms: string[], found: string): void {
  if (terms.length >= QUOTED_TERMS) return;
  const term = found.replace(/\s+/g, ' ').trim();
  const key = term.toLowerCase();
  if (!terms.some((seen) => seen.toLowerCase() === key)) terms.push(term);
}

function findTerms(pattern: RegExp, text: string): string[] {
  const terms: string[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0] === '') pattern.lastIndex++;
    else quote(terms, match[0]);
    if (terms.length >= QUOTED_TERMS) break;
  }
  return terms;
}

function findUrgent(compiled: CompiledRules, text: string): Map<UrgentGroup, string[]> {
  const found = new Map<UrgentGroup, string[]>();
  const pattern = compiled.urgent;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0] === '') {
      pattern.lastIndex++;
      continue;
    }
    const group = URGENT_GROUPS[compiled.urgentListOf(match) - 1];
    if (!group || compiled.negation.isNegated(text, match.index, match[0])) continue;
    const terms = found.get(group) ?? [];
    quote(terms, match[0]);
    found.set(group, terms);
  }
  return found;
}

function mostUrgent(levels: readonly Level[]): Level {
  let most: Level = 3;
  for (const level of levels) if (level < most) most = level;
  return most;
}

function earlierComplaints(count: unknown): number {
  return typeof count === 'number' && Number.isFinite(count) && count > 0 ? Math.floor(count) : 0;
}

/**
 * Grades a complaint and says why. Deterministic: the same input and rules give the same grade and
 * the same reasons in the same order.
 *
 * @example
 * gradeComplaint({
 *   text: '充电器用了两天就冒烟了，差点起火',
 *   category: 'quality',
 *   channel: 'chat',
 *   customer: { tier: 'regular', complaintsLast30Days: 0 },
 * });
 * // { level: 1, reasons: [{ code: 'keyword.product_safety', detail: 'mentions 冒烟, 起火 (product safety)' }] }
 */
export function gradeComplaint(input: GradingInput, rules: GradingRules = DEFAULT_GRADING_RULES): Grade {
  const compiled = compile(rules);
  const raw = typeof input.text === 'string' ? input.text : '';
  const text = raw.length > rules.maxTextChars ? raw.slice(0, rules.maxTextChars) : raw;
  const reasons: GradeReason[] = [];
  const levels: Level[] = [];
  const add = (code: string, detail: string, level: Level): void => {
    reasons.push({ code, detail });
    levels.push(level);
  };

  const urgent = findUrgent(compiled, text);
  for (const group of URGENT_GROUPS) {
    const terms = urgent.get(group);
    if (terms) add(`keyword.${group}`, `mentions ${terms.join(', ')} (${GROUP_NAMES[group]})`, 1);
  }

  if (urgent.size === 0) {
    const suggestion = findTerms(compiled.suggestion, text);
    const complaint = suggestion.length > 0 ? findTerms(compiled.complaint, text) : [];
    const scorer = input.sentiment;
    const scorerObjects = scorer !== undefined && (scorer.label === 'negative' || scorer.complaint);
    if (suggestion.length > 0 && complaint.length === 0 && !scorerObjects) {
      add('suggestion', `reads as a suggestion (${suggestion.join(', ')}) with no complaint wording`, 3);
    } else {
      const categoryLevel = rules.categoryLevels[input.category] ?? rules.categoryLevels.other;
      let detail = `no urgent or suggestion rule decided: ${input.category} complaints are level ${categoryLevel}`;
      if (suggestion.length > 0) {
        const against =
          complaint.length > 0
            ? `complaint wording (${complaint.join(', ')})`
            : 'the text scorer reads it as a negative complaint';
        detail += `; suggestion wording (${suggestion.join(', ')}) outweighed by ${against}`;
      }
      add('category.default', detail, categoryLevel);
    }
  }

  const floor = rules.channelFloors[input.channel];
  if (floor !== undefined) {
    add(
      `channel.${input.channel}`,
      `came in through ${input.channel}: never less urgent than level ${floor}`,
      floor,
    );
  }
  const ownLevel = mostUrgent(levels);

  const earlier = earlierComplaints(input.customer?.complaintsLast30Days);
  const vip = input.customer?.tier === 'vip';
  const history = `${earlier} earlier complaint${earlier === 1 ? '' : 's'} in 30 days`;
  if (vip && earlier >= rules.vipRepeatThreshold) {
    add('vip.repeat', `VIP with ${history} (limit ${rules.vipRepeatThreshold}): never level 3`, 2);
  }
  if (earlier >= rules.repeatThreshold) {
    add('history.repeat', `${history} (limit ${rules.repeatThreshold}): never level 3`, 2);
  }
  if (vip && earlier >= rules.vipUrgentThreshold && ownLevel === 2) {
    add(
      'vip.churn_risk',
      `VIP with ${history} (limit ${rules.vipUrgentThreshold}) and another level 2 complaint: may be about to leave`,
      1,
    );
  }
  return { level: mostUrgent(levels), reasons };
}
