import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createTextScorer } from '../src/scorer.js';

const require = createRequire(import.meta.url);
const dir = join(dirname(require.resolve('sentiment/package.json')), 'test/fixtures');
const scorer = createTextScorer();
const sets = (process.argv[2] ?? 'amazon,yelp').split(',');
const show = process.argv[3];
for (const name of sets) {
  const items: { text: string; class: number }[] = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
  let ok = 0, neg = 0, negHit = 0, pos = 0, posHit = 0;
  const errs: string[] = [];
  for (const item of items) {
    const r = scorer.score(item.text);
    const p = r.label === 'negative' ? 0 : 1;
    if (p === item.class) ok++;
    else errs.push(`${item.class ? 'FP' : 'FN'} ${r.score} ${item.text} [${r.terms.join('|')}]`);
    if (item.class === 0) { neg++; if (p === 0) negHit++; } else { pos++; if (p === 1) posHit++; }
  }
  console.log(name, (ok / items.length).toFixed(3), 'negR', (negHit / neg).toFixed(3), 'posR', (posHit / pos).toFixed(3));
  if (show) for (const e of errs.filter((e) => e.startsWith(show))) console.log(e);
}
