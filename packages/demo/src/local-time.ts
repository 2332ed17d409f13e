const DAY = 86_400_000;
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const dayOffsets = new Map<string, { start: number; end: number }>();

/** The zone's UTC offset in minutes at that instant (daylight saving included). */
export function offsetMinutes(at: Date, timeZone: string): number {
  // Intl formatting is the slow part of generating orders; the offset changes at most once a day, so
  // ask once per zone and UTC day and only look closer on the few days of a daylight-saving switch.
  const dayStart = Math.floor(at.getTime() / DAY) * DAY;
  const key = `${timeZone} ${dayStart}`;
  let day = dayOffsets.get(key);
  if (!day) {
    day = {
      start: exactOffset(new Date(dayStart), timeZone),
      end: exactOffset(new Date(dayStart + DAY - 1), timeZone),
    };
    // A year of days for 30 zones is about 11,000 entries; clear rather than grow in a long-lived process.
    if (dayOffsets.size > 100_000) dayOffsets.clear();
    dayOffsets.set(key, day);
  }
  return day.start === day.end ? day.start : exactOffset(at, timeZone);
}

function exactOffset(at: Date, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  const label = format.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(label);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * ISO 8601 in the zone's local time with its offset, to the second.
 * @example formatLocal(new Date('2026-03-01T01:30:00Z'), 480) === '2026-03-01T09:30:00+08:00'
 */
export function formatLocal(at: Date, offset: number): string {
  const local = new Date(at.getTime() + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const absolute = Math.abs(offset);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  const minutes = String(absolute % 60).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
}
