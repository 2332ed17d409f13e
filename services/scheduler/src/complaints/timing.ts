// Helpdesks, phones and our servers disagree on the time by seconds: a moment a little in the
// future is now, not a mistake.
const CLOCK_SKEW_MS = 5 * 60_000;

/** Whether a caller's `at` lies beyond now, allowing for clocks that disagree. */
export function isInTheFuture(at: Date, now: Date): boolean {
  return at.getTime() > now.getTime() + CLOCK_SKEW_MS;
}
