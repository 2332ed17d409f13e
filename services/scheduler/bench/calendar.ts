import { cpus } from 'node:os';
import type { BusinessCalendar } from '../src/calendar/index.js';
import { addWorkingTime, businessCalendarSchema, workingTimeBetween } from '../src/calendar/index.js';

// Due-time arithmetic runs for every complaint at intake (target: 2,000 complaints/s all in), so each
// call must cost microseconds. Figures are calls per second on one core, after a warm-up.

const HOUR = 3_600_000;
const splitShift = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:00' },
];
const shanghai: BusinessCalendar = businessCalendarSchema.parse({
  timeZone: 'Asia/Shanghai',
  weekly: { mon: splitShift, tue: splitShift, wed: splitShift, thu: splitShift, fri: splitShift },
  useChineseHolidays: true,
});

/** Start instants spread over a span, so the figures include day-cache lookups across a year. */
function starts(fromIso: string, spanDays: number, count: number): Date[] {
  const from = Date.parse(fromIso);
  return Array.from(
    { length: count },
    (_, i) => new Date(from + Math.floor((i * spanDays * 24 * HOUR) / count)),
  );
}

function callsPerSecond(run: (i: number) => unknown): number {
  for (let i = 0; i < 20_000; i++) run(i);
  let calls = 0;
  const began = performance.now();
  let elapsed = 0;
  while (elapsed < 1_000) {
    for (let i = 0; i < 10_000; i++) run(calls + i);
    calls += 10_000;
    elapsed = performance.now() - began;
  }
  return (calls / elapsed) * 1_000;
}

function report(name: string, perSecond: number): void {
  const micros = 1_000_000 / perSecond;
  console.log(
    `${name}: ${Math.round(perSecond).toLocaleString('en')} calls/s (${micros.toFixed(2)} µs/call)`,
  );
}

const yearStarts = starts('2026-01-01T00:00:00Z', 365, 4_096);
const nationalDayStarts = starts('2026-09-28T00:00:00Z', 3, 4_096);
const shanghaiJson = JSON.stringify(shanghai);

console.log(`calendar bench: node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'}, 1 core`);
report(
  'addWorkingTime 4 h, split-shift Shanghai, starts over 2026',
  callsPerSecond((i) => addWorkingTime(shanghai, yearStarts[i % yearStarts.length] ?? new Date(), 4 * HOUR)),
);
report(
  'addWorkingTime 5 working days (37.5 h) over National Day 2026',
  callsPerSecond((i) =>
    addWorkingTime(shanghai, nationalDayStarts[i % nationalDayStarts.length] ?? new Date(), 37.5 * HOUR),
  ),
);
report(
  'workingTimeBetween over 4 h to 3 days, starts over 2026',
  callsPerSecond((i) => {
    const from = yearStarts[i % yearStarts.length] ?? new Date();
    return workingTimeBetween(shanghai, from, new Date(from.getTime() + (4 + (i % 68)) * HOUR));
  }),
);
// A calendar re-read per complaint (a new object each time) still hits the cache by content.
report(
  'addWorkingTime 4 h with the calendar parsed from JSON per call',
  callsPerSecond((i) =>
    addWorkingTime(JSON.parse(shanghaiJson), yearStarts[i % yearStarts.length] ?? new Date(), 4 * HOUR),
  ),
);

// Worst case: a calendar never seen before (validation, then Luxon for each day it touches).
const coldCalls = 2_000;
const coldBegan = performance.now();
for (let i = 0; i < coldCalls; i++) {
  const holiday = new Date(Date.UTC(2030, 0, 1) + i * 24 * HOUR).toISOString().slice(0, 10);
  addWorkingTime(
    { ...shanghai, holidays: [holiday] },
    yearStarts[i % yearStarts.length] ?? new Date(),
    4 * HOUR,
  );
}
report(
  'addWorkingTime 4 h on a calendar never seen before (cold caches)',
  (coldCalls / (performance.now() - coldBegan)) * 1_000,
);
