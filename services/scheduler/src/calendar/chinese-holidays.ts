// The package's own data file (documented in its README for non-JS users): its functions read dates
// through the host's local zone, while this reads plain date labels that we place in the team's zone.
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { toDayNumbers } from './local-dates.js';

interface ChineseDays {
  readonly holidays: Readonly<Record<string, string>>;
  readonly workdays: Readonly<Record<string, string>>;
}

const source: ChineseDays = data;

export interface ChineseCalendarDays {
  /** Statutory days off (including the weekend days inside a holiday block). */
  readonly holidays: ReadonlySet<number>;
  /** Weekend days worked to make up for a holiday (调休补班). */
  readonly makeUpDays: ReadonlySet<number>;
  /** Last year the data covers; later years fall back to the weekly pattern. */
  readonly lastYear: number;
}

let loaded: ChineseCalendarDays | undefined;

/**
 * China's public holidays and make-up working days as day numbers, built once on first use.
 *
 * @example
 * chineseCalendarDays().makeUpDays.has(parseLocalDate('2026-10-10')!); // true (Saturday worked)
 */
export function chineseCalendarDays(): ChineseCalendarDays {
  loaded ??= {
    holidays: toDayNumbers(Object.keys(source.holidays)),
    makeUpDays: toDayNumbers(Object.keys(source.workdays)),
    lastYear: Math.max(...Object.keys(source.holidays).map((date) => Number(date.slice(0, 4)))),
  };
  return loaded;
}
