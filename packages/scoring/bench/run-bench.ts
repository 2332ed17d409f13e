/**
 * Accuracy, topics and speed of @aftercare/scoring beside the plain `sentiment` package (and
 * wink-sentiment and VADER when installed), all on the same texts in the same run.
 * Run: pnpm --filter @aftercare/scoring bench   (or: node --import tsx bench/run-bench.ts)
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { buildChineseLexicon } from '../src/chinese/lexicon.js';
import { scoreChinese, scoreChineseWords } from '../src/chinese/score-chinese.js';
import { labelOf } from '../src/label.js';
import { createTextScorer } from '../src/scorer.js';
import { emptyTally, type Tally } from '../src/tally.js';
import { type Baseline, optionalBaselines, sentimentBaseline } from './baselines.js';
import { commonestTerms } from './error-breakdown.js';
import {
  type LabelledText,
  loadChineseDev,
  loadTopicSet,
  loadUci,
  loadWaimai,
  measureAccuracy,
  measureTopics,
  UCI_SETS,
  WAIMAI_PATH,
} from './evaluate.js';

const scorer = createTextScorer();
const sentiment = sentimentBaseline();
const baselines: Baseline[] = [sentiment, ...optionalBaselines()];
const pct = (x: number): string => x.toFixed(3);

function report(name: string, set: readonly LabelledText[], showErrors: boolean): void {
  console.log(`\n## ${name} (${set.length} texts)`);
  console.log('scorer            accuracy  neg-recall  balanced');
  const ours = measureAccuracy(set, (text) => scorer.score(text).label === 'negative');
  const row = (label: string, m: ReturnType<typeof measureAccuracy>): void =>
    console.log(
      `${label.padEnd(18)}${pct(m.accuracy).padEnd(10)}${pct(m.negativeRecall).padEnd(12)}${pct(m.balancedAccuracy)}`,
    );
  row('aftercare', ours);
  for (const baseline of baselines) row(baseline.name, measureAccuracy(set, baseline.isNegative));
  if (showErrors) {
    const missed = commonestTerms(ours.errors.map((e) => e.text));
    console.log(
      `commonest in our ${ours.errors.length} errors: ${missed.map(([t, n]) => `${t} (${n})`).join(', ')}`,
    );
  } else {
    console.log('error breakdown withheld: evaluation-only set, not to be tuned on');
  }
}

console.log('# @aftercare/scoring bench');
console.log(
  'Two-class accuracy: label 0 counts as right when predicted negative, label 1 when neutral or positive.',
);
for (const name of UCI_SETS)
  report(
    `UCI ${name}${name === 'imdb' ? ' (held out, never tuned on)' : ' (tuning set)'}`,
    loadUci(name),
    true,
  );
report('Chinese dev set (ours, tuning set)', loadChineseDev(), true);
const waimai = loadWaimai();
if (waimai) report('waimai_10k (evaluation only)', waimai, false);
else
  console.log(
    `\n## waimai_10k: skipped, not found at ${WAIMAI_PATH} (../shared/datasets/ beside the repository)`,
  );

console.log('\n## Topics on our labelled complaint sentences');
for (const lang of ['en', 'zh'] as const) {
  const set = loadTopicSet(lang);
  const m = measureTopics(set, (text) => scorer.score(text));
  console.log(`${lang}: ${set.length} complaints, ${pct(m.complaintRate)} flagged complaint: true`);
  for (const t of m.topics) {
    console.log(
      `  ${t.topic.padEnd(12)} precision ${pct(t.precision)}  recall ${pct(t.recall)}  (${t.support})`,
    );
  }
}

/** Best of several timed rounds, texts per second. */
function throughput(run: (text: string) => unknown, texts: readonly string[], rounds = 7, ms = 400): number {
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    let count = 0;
    while (performance.now() - start < ms) {
      for (const text of texts) run(text);
      count += texts.length;
    }
    best = Math.max(best, count / ((performance.now() - start) / 1000));
  }
  return best;
}

console.log('\n## Speed (one core, best of 7 rounds)');
const english = UCI_SETS.flatMap((name) => loadUci(name).map((item) => item.text));
// Interleave so neither side gets a warmer machine.
let oursEn = 0;
let plainEn = 0;
for (let round = 0; round < 3; round++) {
  plainEn = Math.max(
    plainEn,
    throughput((text) => sentiment.analyze(text), english, 3),
  );
  oursEn = Math.max(
    oursEn,
    throughput((text) => scorer.score(text), english, 3),
  );
}
console.log(
  `English (UCI texts): aftercare ${Math.round(oursEn)}/s, sentiment ${Math.round(plainEn)}/s, ratio ${(oursEn / plainEn).toFixed(2)}`,
);

const chinese = [...loadChineseDev(), ...loadTopicSet('zh')]
  .map((item) => item.text)
  .concat(waimai ? waimai.map((w) => w.text) : []);
console.log(
  `Chinese (${waimai ? 'dev, topic and waimai texts' : 'dev and topic texts'}): aftercare ${Math.round(throughput((text) => scorer.score(text), chinese))}/s, segmentation included`,
);

// Segmenters: our longest match against jieba and Intl.Segmenter, same lexicon and rules.
const lexicon = buildChineseLexicon();
const jieba = Jieba.withDict(dict);
const intl = new Intl.Segmenter('zh', { granularity: 'word' });
const labelWith = (read: (text: string, tally: Tally) => void) => (text: string) => {
  const tally = emptyTally();
  read(text, tally);
  return labelOf(tally.score) === 'negative';
};
const segmenters: [string, (text: string, tally: Tally) => void][] = [
  ['longest match', (text, tally) => scoreChinese(text, lexicon, tally)],
  ['jieba', (text, tally) => scoreChineseWords(jieba.cut(text, false), lexicon, tally)],
  [
    'Intl.Segmenter',
    (text, tally) =>
      scoreChineseWords(
        Array.from(intl.segment(text), (s) => s.segment),
        lexicon,
        tally,
      ),
  ],
];
const dev = loadChineseDev();
for (const [name, read] of segmenters) {
  const devAcc = measureAccuracy(dev, labelWith(read)).balancedAccuracy;
  const waimaiAcc = waimai ? measureAccuracy(waimai, labelWith(read)).balancedAccuracy : undefined;
  const speed = throughput((text) => read(text, emptyTally()), chinese, 3, 300);
  console.log(
    `  segmenter ${name.padEnd(15)} ${Math.round(speed)}/s, balanced accuracy dev ${pct(devAcc)}${waimaiAcc === undefined ? '' : `, waimai ${pct(waimaiAcc)}`}`,
  );
}

const here = dirname(fileURLToPath(import.meta.url));
const lines = Number(process.env.BENCH_STREAM_LINES ?? 1_000_000);
const stream = JSON.parse(
  execFileSync(process.execPath, ['--import', 'tsx', join(here, 'stream-bench.ts'), String(lines)], {
    encoding: 'utf8',
  }),
);
console.log(
  `\nscoreNdjsonStream, ${stream.lines} lines (${stream.inputMiB} MiB, ${stream.errors} broken): ${stream.seconds} s, ${stream.linesPerSecond} lines/s, peak RSS ${stream.peakRssMiB} MiB (own process)`,
);
