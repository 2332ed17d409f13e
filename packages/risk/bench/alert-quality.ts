/**
 * Alert quality of the spike detector's presets beside the naive "mean + 3σ over the last 7 days"
 * rule, on the same seeded stream: false alerts on stable cells, and detection delays after a rise.
 * Run: pnpm --filter @aftercare/risk bench   (or: node --import tsx bench/alert-quality.ts)
 * Options: --seed N, --cells N (stable cells), --days N, --rise-cells N.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type { SpikePresetName } from '../src/detector.js';
import {
  NAIVE,
  quantile,
  type RiseResult,
  type RuleName,
  simulateRises,
  simulateStableStream,
} from './simulation.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '20261201' },
    cells: { type: 'string', default: '5000' },
    days: { type: 'string', default: '30' },
    'rise-cells': { type: 'string', default: '800' },
  },
});
const seed = Number(values.seed);
const cells = Number(values.cells);
const days = Number(values.days);
const riseCells = Number(values['rise-cells']);
const presets: SpikePresetName[] = ['low', 'medium', 'high'];
const rules: RuleName[] = [...presets, NAIVE];
const started = performance.now();

console.log('# @aftercare/risk bench: spike alert quality');
console.log(
  `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, seed ${seed}; ` +
    'baselines are each cell’s own trailing 7 days; the naive rule shares medium’s calm hours and cooldown',
);

const stable = simulateStableStream({ seed, cells, days, presets });
console.log(
  `\n## False alerts on stable Poisson cells (${cells} cells × ${days} days = ${stable.cellDays.toLocaleString('en-US')} cell-days)`,
);
console.log('negative rate, cells log-uniform 0.1-500/day; alerts per 1,000 cell-days (count)');
console.log(`${'band'.padEnd(14)}${'cell-days'.padStart(10)}${rules.map((r) => r.padStart(18)).join('')}`);
const perThousand = (alerts: number, cellDays: number): string =>
  `${((1000 * alerts) / cellDays).toFixed(2)} (${alerts})`;
for (const { band, cellDays, alerts } of stable.bands) {
  console.log(
    `${band.label.padEnd(14)}${String(cellDays).padStart(10)}${rules.map((r) => perThousand(alerts.get(r)!, cellDays).padStart(18)).join('')}`,
  );
}
console.log(
  `${'all'.padEnd(14)}${String(stable.cellDays).padStart(10)}${rules.map((r) => perThousand(stable.alerts.get(r)!, stable.cellDays).padStart(18)).join('')}`,
);

function reportRise(title: string, result: RiseResult, target: number): void {
  console.log(`\n## ${title} (${result.cells} cells; target: caught within ${target} h)`);
  console.log(
    `${'rule'.padEnd(10)}${'within target'.padStart(15)}${'median h'.padStart(10)}${'p90 h'.padStart(8)}${'max h'.padStart(8)}${'missed'.padStart(8)}${'open before'.padStart(13)}`,
  );
  for (const rule of rules) {
    const r = result.rules.get(rule)!;
    const delays = [...r.delays].sort((a, b) => a - b);
    const measured = delays.length + r.missed;
    const within = delays.filter((d) => d <= target).length;
    const share = measured === 0 ? 'n/a' : `${((100 * within) / measured).toFixed(1)}%`;
    const hours = (q: number): string => (delays.length === 0 ? 'n/a' : quantile(delays, q).toFixed(2));
    console.log(
      `${rule.padEnd(10)}${share.padStart(15)}${hours(0.5).padStart(10)}${hours(0.9).padStart(8)}${hours(1).padStart(8)}${String(r.missed).padStart(8)}${String(r.openAtRise).padStart(13)}`,
    );
  }
}

console.log(
  '\nDelays run from the rise to the alert, in hours, with partial counts stepped every 5 minutes as the',
);
console.log(
  'watcher steps them as mentions commit; "open before": an alert was already open when the rise began (left out).',
);
// The targets: a quadrupling caught within 2 hours, a doubling within 9, on 5+/hour baselines.
const experiments = [
  { factor: 4, target: 2, minPerHour: 5, maxPerHour: 500 / 24, title: '' },
  { factor: 2, target: 9, minPerHour: 5, maxPerHour: 500 / 24, title: '' },
  { factor: 4, target: 2, minPerHour: 0.5, maxPerHour: 5, title: 'for reference, ' },
  { factor: 2, target: 9, minPerHour: 0.5, maxPerHour: 5, title: 'for reference, ' },
];
experiments.forEach(({ factor, target, minPerHour, maxPerHour, title }, i) => {
  const band = `${minPerHour}-${Number(maxPerHour.toFixed(1))}`;
  const result = simulateRises({
    seed: seed + i + 1,
    cells: riseCells,
    factor,
    minPerHour,
    maxPerHour,
    presets,
  });
  reportRise(`${title}×${factor} on baselines of ${band} negative/hour`, result, target);
});

console.log(`\nran in ${((performance.now() - started) / 1000).toFixed(1)} s`);
