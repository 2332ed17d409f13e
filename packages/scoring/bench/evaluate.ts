import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextScore, Topic } from '../src/types.js';

/** A labelled text: 0 negative, 1 positive (neutral counts as positive on two-class sets). */
export interface LabelledText {
  text: string;
  label: 0 | 1;
}

export interface TopicText {
  text: string;
  topic: Topic;
}

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export const UCI_SETS = ['amazon', 'yelp', 'imdb'] as const;
export type UciSet = (typeof UCI_SETS)[number];

/** The UCI Sentiment Labelled Sentences shipped inside the `sentiment` package. */
export function loadUci(name: UciSet): LabelledText[] {
  const dir = join(dirname(require.resolve('sentiment/package.json')), 'test', 'fixtures');
  const items: { text: string; class: number }[] = JSON.parse(
    readFileSync(join(dir, `${name}.json`), 'utf8'),
  );
  return items.map((item) => ({ text: item.text, label: item.class === 0 ? 0 : 1 }));
}

/** Where waimai_10k lives: `../shared/datasets/` beside the repository, never inside it. */
export const WAIMAI_PATH = join(here, '..', '..', '..', '..', 'shared', 'datasets', 'waimai_10k.csv');

/** waimai_10k (evaluation only), or null when the shared datasets folder is absent. */
export function loadWaimai(path = WAIMAI_PATH): LabelledText[] | null {
  if (!existsSync(path)) return null;
  const rows: LabelledText[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    const comma = line.indexOf(',');
    if (comma < 1) continue;
    const label = line.slice(0, comma);
    let text = line.slice(comma + 1).trim();
    if (text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1).replaceAll('""', '"');
    if (label === '0' || label === '1') rows.push({ text, label: label === '0' ? 0 : 1 });
  }
  return rows;
}

function readTsv(name: string): string[][] {
  return readFileSync(join(here, '..', 'test', 'fixtures', name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t'));
}

/** Our own Chinese development sentences (the set the Chinese lexicon is tuned on). */
export function loadChineseDev(): LabelledText[] {
  return readTsv('zh-dev.tsv').map(([label, text]) => ({ text: text ?? '', label: label === '0' ? 0 : 1 }));
}

/** Our own complaint sentences with their topic. */
export function loadTopicSet(lang: 'en' | 'zh'): TopicText[] {
  return readTsv(`${lang}-topics.tsv`).map(([topic, text]) => ({ topic: topic as Topic, text: text ?? '' }));
}

export interface Accuracy {
  accuracy: number;
  negativeRecall: number;
  positiveRecall: number;
  balancedAccuracy: number;
  /** Texts whose prediction was wrong. */
  errors: LabelledText[];
}

/** Two-class accuracy: `negative` against everything else. */
export function measureAccuracy(
  set: readonly LabelledText[],
  isNegative: (text: string) => boolean,
): Accuracy {
  let negatives = 0;
  let negativeHits = 0;
  let positives = 0;
  let positiveHits = 0;
  const errors: LabelledText[] = [];
  for (const item of set) {
    const negative = isNegative(item.text);
    if (item.label === 0) {
      negatives++;
      if (negative) negativeHits++;
      else errors.push(item);
    } else {
      positives++;
      if (!negative) positiveHits++;
      else errors.push(item);
    }
  }
  const negativeRecall = negatives ? negativeHits / negatives : 0;
  const positiveRecall = positives ? positiveHits / positives : 0;
  return {
    accuracy: set.length ? (negativeHits + positiveHits) / set.length : 0,
    negativeRecall,
    positiveRecall,
    balancedAccuracy: (negativeRecall + positiveRecall) / 2,
    errors,
  };
}

export interface TopicQuality {
  topic: Topic;
  precision: number;
  recall: number;
  support: number;
}

/** Per-topic precision and recall, plus the share of these complaints flagged `complaint: true`. */
export function measureTopics(
  set: readonly TopicText[],
  score: (text: string) => TextScore,
): { topics: TopicQuality[]; complaintRate: number } {
  const names: Topic[] = ['quality', 'logistics', 'service', 'advertising', 'other'];
  const predicted = new Map<Topic, number>(names.map((t) => [t, 0]));
  const correct = new Map<Topic, number>(names.map((t) => [t, 0]));
  const gold = new Map<Topic, number>(names.map((t) => [t, 0]));
  let complaints = 0;
  for (const item of set) {
    const result = score(item.text);
    if (result.complaint) complaints++;
    gold.set(item.topic, (gold.get(item.topic) ?? 0) + 1);
    for (const topic of result.topics) {
      predicted.set(topic, (predicted.get(topic) ?? 0) + 1);
      if (topic === item.topic) correct.set(topic, (correct.get(topic) ?? 0) + 1);
    }
  }
  return {
    topics: names.map((topic) => {
      const hits = correct.get(topic) ?? 0;
      const p = predicted.get(topic) ?? 0;
      const g = gold.get(topic) ?? 0;
      return { topic, precision: p ? hits / p : 0, recall: g ? hits / g : 0, support: g };
    }),
    complaintRate: set.length ? complaints / set.length : 0,
  };
}
