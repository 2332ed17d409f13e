import { RiskInputError, requireCount, requireNonNegative, requirePositive } from './errors.js';

export interface SpikeExplanationInput {
  /** Negative mentions in the window. */
  negative: number;
  /** Negative mentions the baseline expected in it. */
  expected: number;
  /** The product's name as people know it (or its SKU). */
  product: string;
  /** The region, when the cell has one. */
  region?: string | null;
  windowHours: number;
  /** Complaint topics with their counts, in any order. */
  topTopics?: ReadonlyArray<readonly [topic: string, count: number]>;
  /** The commonest negative terms, commonest first; the first three are named. */
  topTerms?: readonly string[];
}

/**
 * One sentence that explains a spike from its numbers.
 *
 * @example
 * explainSpike({ negative: 42, expected: 3, product: 'PowerMix blender', region: 'Guangdong',
 *   windowHours: 1, topTopics: [['quality', 30]], topTerms: ['cracked', 'leaking'] })
 * // '42 negative mentions of PowerMix blender in Guangdong in the last hour, expected 3;
 * //  mostly quality: cracked, leaking'
 */
export function explainSpike(input: SpikeExplanationInput): string {
  const negative = requireCount(input.negative, 'negative');
  const expected = requireNonNegative(input.expected, 'expected');
  const windowHours = requirePositive(input.windowHours, 'windowHours');
  const product = input.product.trim();
  if (product === '') throw new RiskInputError('product must not be empty');

  const region = input.region?.trim() ? ` in ${input.region.trim()}` : '';
  const mentions = negative === 1 ? 'negative mention' : 'negative mentions';
  let sentence = `${formatNumber(negative)} ${mentions} of ${product}${region} in ${describeWindow(windowHours)}, expected ${formatExpected(expected)}`;

  const topics = [...(input.topTopics ?? [])].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  const terms = (input.topTerms ?? [])
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .slice(0, 3);
  const top = topics[0];
  if (top) {
    const [topic, count] = top;
    const lead = negative > 0 && count * 2 >= negative ? 'mostly' : 'most often';
    sentence += `; ${lead} ${topic}${terms.length > 0 ? `: ${terms.join(', ')}` : ''}`;
  } else if (terms.length > 0) {
    sentence += `; commonest terms: ${terms.join(', ')}`;
  }
  return sentence;
}

function describeWindow(hours: number): string {
  if (hours === 1) return 'the last hour';
  if (hours % 24 === 0) return hours === 24 ? 'the last day' : `the last ${hours / 24} days`;
  return `the last ${formatNumber(hours)} hours`;
}

/** Whole numbers from 10 up, one decimal below, "under 0.1" for almost nothing. */
function formatExpected(expected: number): string {
  if (expected === 0) return '0';
  if (expected < 0.1) return 'under 0.1';
  return formatNumber(expected >= 10 ? Math.round(expected) : Math.round(expected * 10) / 10);
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(1);
}
