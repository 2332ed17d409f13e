import { describe, expect, it } from 'vitest';
import {
  type DetectorEvent,
  type DetectorState,
  initialDetectorState,
  parseDetectorState,
  RiskInputError,
  SPIKE_PRESETS,
  type SpikePreset,
  type SpikePresetName,
  stepDetector,
} from '../src/index.js';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 2, 1, 0);
const at = (hour: number): string => new Date(START + hour * HOUR).toISOString();

/** Steps one count per hour from hour `from`; returns the events by hour and the final state. */
function run(
  counts: readonly number[],
  rate: number,
  preset: SpikePresetName | SpikePreset = 'medium',
  state: DetectorState = initialDetectorState(),
  from = 0,
): { events: Array<[number, DetectorEvent]>; state: DetectorState } {
  const events: Array<[number, DetectorEvent]> = [];
  counts.forEach((negative, i) => {
    const step = stepDetector(
      state,
      { hourStart: at(from + i), negative, baselineRatePerHour: rate },
      preset,
    );
    state = step.state;
    if (step.event) events.push([from + i, step.event]);
  });
  return { events, state };
}

const repeat = (n: number, count: number): number[] => Array.from({ length: n }, () => count);

describe('stepDetector: a sharp spike', () => {
  it('opens once on 42 where 3 are expected, with its evidence', () => {
    const step = stepDetector(initialDetectorState(), {
      hourStart: at(0),
      negative: 42,
      baselineRatePerHour: 3,
    });
    expect(step.event).toBe('open');
    expect(step.state.alert).toMatchObject({ openedAt: at(0), reportedNegative: 42, peakNegative: 42 });
    expect(step.evidence).toMatchObject({ hourStart: at(0), negative: 42, expected: 3, threshold: 9 });
    expect(step.evidence?.cusum).toBeCloseTo(42 * Math.LN2 - 3, 12);
    expect(step.evidence?.hourTailP).toBeCloseTo(4.167584017701958e-33, 45);
  });

  it('is not re-opened while it stays high, is updated when it grows, closes after 6 calm hours', () => {
    const { events } = run([3, 3, 42, 45, 40, 70, 75, 110, 3, 3, 3, 3, 3, 3, 3, 3], 3);
    expect(events).toEqual([
      [2, 'open'],
      [5, 'update'], // 70 ≥ 1.5 × 42
      [7, 'update'], // 110 ≥ 1.5 × 70; 75 was not enough
      [14, 'close'], // hours 8-13 calm, noticed when hour 14 begins
    ]);
  });

  it('waits out the cooldown after a close, then opens again', () => {
    const first = run([42, ...repeat(6, 3), 3], 3);
    expect(first.events).toEqual([
      [0, 'open'],
      [7, 'close'],
    ]);
    // A new spike 5 hours after the close is held back (cooldown 12 h); the CUSUM keeps the evidence.
    const during = run([3, 3, 3, 3, 42], 3, 'medium', first.state, 8);
    expect(during.events).toEqual([]);
    const after = run(repeat(7, 12), 3, 'medium', during.state, 13);
    expect(after.events).toEqual([[19, 'open']]); // 12 h after the close at hour 7
  });
});

describe('stepDetector: a slow rise', () => {
  it('never opens on a cell at its baseline', () => {
    expect(run(repeat(500, 5), 5).events).toEqual([]);
  });

  it('opens on a doubling within hours through the CUSUM, though no single hour is unusual', () => {
    const { events } = run([...repeat(24, 5), ...repeat(12, 10)], 5);
    // Each doubled hour adds 10·ln 2 − 5 = 1.93 nats: the 5th reaches 9.
    expect(events).toEqual([[28, 'open']]);
  });

  it('the high preset opens sooner than medium, and low later', () => {
    const counts = [...repeat(24, 5), ...repeat(24, 9)];
    const opened = (preset: SpikePresetName): number | undefined => run(counts, 5, preset).events[0]?.[0];
    const [low, medium, high] = [opened('low'), opened('medium'), opened('high')];
    expect(high).toBeLessThan(medium!);
    expect(medium).toBeLessThan(low!);
  });
});

describe('stepDetector: counts of the hour as they grow', () => {
  it('re-evaluates the same hour instead of adding it twice', () => {
    let state = initialDetectorState();
    for (const negative of [2, 5, 8, 8, 8]) {
      state = stepDetector(state, { hourStart: at(0), negative, baselineRatePerHour: 5 }).state;
    }
    const once = stepDetector(initialDetectorState(), {
      hourStart: at(0),
      negative: 8,
      baselineRatePerHour: 5,
    });
    expect(state).toEqual(once.state);
  });

  it('opens mid-hour as soon as the partial count is enough, once', () => {
    const events: Array<DetectorEvent | null> = [];
    let state = initialDetectorState();
    for (const negative of [5, 12, 19, 21, 25, 30]) {
      const step = stepDetector(state, { hourStart: at(0), negative, baselineRatePerHour: 5 });
      state = step.state;
      events.push(step.event);
    }
    expect(events).toEqual([null, null, null, 'open', null, null]);
  });

  it('ignores an hour older than the last one stepped', () => {
    const { state } = run([4, 4], 5);
    const step = stepDetector(state, { hourStart: at(0), negative: 400, baselineRatePerHour: 5 });
    expect(step).toEqual({ state, event: null, evidence: null });
  });
});

describe('stepDetector: hours without a step', () => {
  it('counts unstepped hours as zero negatives: an alert closes after a quiet gap', () => {
    const opened = run([42], 3);
    const step = stepDetector(opened.state, { hourStart: at(8), negative: 0, baselineRatePerHour: 3 });
    expect(step.event).toBe('close');
    expect(step.state.closedAt).toBe(at(8));
    expect(step.state.cusum).toBe(0);
  });

  it('lets the CUSUM decay over the gap', () => {
    const { state } = run([12], 5); // 12·ln 2 − 5 = 3.32
    const step = stepDetector(state, { hourStart: at(2), negative: 0, baselineRatePerHour: 1 });
    // Hour 1 unstepped (−1), hour 2 stepped with 0 (−1).
    expect(step.state.cusum).toBeCloseTo(12 * Math.LN2 - 5 - 2, 12);
  });
});

describe('stepDetector: zero and tiny baselines', () => {
  it('never alerts on one post, whatever the baseline and preset', () => {
    for (const preset of ['low', 'medium', 'high'] as const) {
      for (const rate of [0, 1e-9, 0.001, 0.01]) {
        const step = stepDetector(
          initialDetectorState(),
          { hourStart: at(0), negative: 1, baselineRatePerHour: rate },
          preset,
        );
        expect(step.event, `${preset} at ${rate}/h`).toBeNull();
      }
    }
  });

  it('never alerts on two posts with medium, and floors the baseline instead of dividing by zero', () => {
    const step = stepDetector(initialDetectorState(), {
      hourStart: at(0),
      negative: 2,
      baselineRatePerHour: 0,
    });
    expect(step.event).toBeNull();
    expect(step.evidence?.expected).toBe(SPIKE_PRESETS.medium.minRatePerHour);
    expect(Number.isFinite(step.state.cusum)).toBe(true);
  });

  it('opens on three posts in an hour on a cell that never had any (medium), not with low', () => {
    expect(run([3], 0).events).toEqual([[0, 'open']]);
    expect(run([3], 0, 'low').events).toEqual([]);
    expect(run([5], 0, 'low').events).toEqual([[0, 'open']]);
  });
});

describe('detector state', () => {
  it('survives a JSON round trip and carries on identically', () => {
    const counts = [3, 3, 42, 45, 70, 3, 3, 3];
    const direct = run([...counts, ...repeat(8, 3)], 3);
    const first = run(counts, 3);
    const stored = parseDetectorState(JSON.parse(JSON.stringify(first.state)));
    const second = run(repeat(8, 3), 3, 'medium', stored, counts.length);
    expect([...first.events, ...second.events]).toEqual(direct.events);
    expect(second.state).toEqual(direct.state);
  });

  it.each([
    ['null', null],
    ['a string', 'state'],
    ['another version', { ...initialDetectorState(), version: 2 }],
    ['a NaN CUSUM', { ...initialDetectorState(), cusum: Number.NaN }],
    ['a bad hour', { ...initialDetectorState(), hourStart: 'yesterday' }],
    ['a bad alert', { ...initialDetectorState(), alert: { openedAt: at(0) } }],
  ])('parseDetectorState rejects %s', (_, value) => {
    expect(() => parseDetectorState(value)).toThrow(RiskInputError);
  });
});

describe('stepDetector input checks', () => {
  const state = initialDetectorState();
  it.each([
    ['a NaN count', { hourStart: at(0), negative: Number.NaN, baselineRatePerHour: 1 }],
    ['a negative count', { hourStart: at(0), negative: -1, baselineRatePerHour: 1 }],
    ['a fractional count', { hourStart: at(0), negative: 1.5, baselineRatePerHour: 1 }],
    ['a NaN baseline', { hourStart: at(0), negative: 1, baselineRatePerHour: Number.NaN }],
    ['a negative baseline', { hourStart: at(0), negative: 1, baselineRatePerHour: -1 }],
    ['an invalid hour', { hourStart: 'not a date', negative: 1, baselineRatePerHour: 1 }],
  ])('rejects %s', (_, input) => {
    expect(() => stepDetector(state, input)).toThrow(RiskInputError);
  });

  it('rejects an unknown preset and unsafe custom ones', () => {
    const input = { hourStart: at(0), negative: 1, baselineRatePerHour: 1 };
    expect(() => stepDetector(state, input, 'extreme' as SpikePresetName)).toThrow(RiskInputError);
    expect(() => stepDetector(state, input, { ...SPIKE_PRESETS.medium, minNegative: 1 })).toThrow(
      /minNegative/,
    );
    expect(() => stepDetector(state, input, { ...SPIKE_PRESETS.medium, rise: 1 })).toThrow(/rise/);
    expect(() => stepDetector(state, input, { ...SPIKE_PRESETS.medium, cooldownHours: 0 })).toThrow(
      /cooldown/,
    );
  });

  it('accepts a Date, an ISO string or epoch milliseconds for the hour', () => {
    const input = { negative: 4, baselineRatePerHour: 2 };
    const a = stepDetector(state, { ...input, hourStart: new Date(START) });
    const b = stepDetector(state, { ...input, hourStart: at(0) });
    const c = stepDetector(state, { ...input, hourStart: START });
    expect(a).toEqual(b);
    expect(b).toEqual(c);
  });
});
