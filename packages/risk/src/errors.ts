/** A count, rate or option that cannot be used: NaN, infinite, negative, or inconsistent. */
export class RiskInputError extends RangeError {
  override name = 'RiskInputError';
}

/** A finite number ≥ 0, or throws naming the field. */
export function requireNonNegative(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RiskInputError(`${field} must be a finite number ≥ 0, got ${String(value)}`);
  }
  return value;
}

/** A finite number > 0, or throws naming the field. */
export function requirePositive(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RiskInputError(`${field} must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}

/** A whole number ≥ 0, or throws naming the field. */
export function requireCount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RiskInputError(`${field} must be a whole number ≥ 0, got ${String(value)}`);
  }
  return value;
}

/** `{ mentions, negative }` with negative ≤ mentions; whole numbers when `whole`. */
export function requireCounts(
  counts: { mentions: number; negative: number },
  field: string,
  whole: boolean,
): { mentions: number; negative: number } {
  if (typeof counts !== 'object' || counts === null) {
    throw new RiskInputError(`${field} must be an object with mentions and negative`);
  }
  const check = whole ? requireCount : requireNonNegative;
  const mentions = check(counts.mentions, `${field}.mentions`);
  const negative = check(counts.negative, `${field}.negative`);
  if (negative > mentions) {
    throw new RiskInputError(`${field}.negative (${negative}) is more than ${field}.mentions (${mentions})`);
  }
  return { mentions, negative };
}
