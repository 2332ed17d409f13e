/** A small seeded PRNG: the same seed and stream always give the same sequence. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A whole number in [min, max], both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `count` decimal digits, leading zeros allowed. */
  digits(count: number): string;
}

/**
 * sfc32 seeded through splitmix32 from the seed and a stream name. Each generator takes its own
 * stream, so adding draws to one (say, a new customer field) does not reshuffle the others.
 * @example const random = createRandom(42, 'customers'); random.int(1, 3);
 */
export function createRandom(seed: number, stream = ''): Random {
  let state = hashString(stream) ^ Math.imul(seed | 0, 0x9e3779b1);
  const splitmix = () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // sfc32 is weak for its first few outputs after seeding; the reference implementation discards them.
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    digits(count) {
      let out = '';
      for (let i = 0; i < count; i++) out += Math.floor(next() * 10);
      return out;
    },
  };
}

/** Picks items in proportion to their weights in O(log n) per draw. */
export function createWeightedPicker<T>(items: readonly T[], weightOf: (item: T, index: number) => number) {
  const cumulative = new Float64Array(items.length);
  let total = 0;
  items.forEach((item, index) => {
    total += weightOf(item, index);
    cumulative[index] = total;
  });
  if (!(total > 0)) throw new RangeError('a weighted pick needs at least one positive weight');
  return (random: Random): T => {
    const target = random.next() * total;
    let low = 0;
    let high = items.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return items[low]!;
  };
}

/** Picks from `[value, weight]` pairs. */
export function createTablePicker<T>(table: readonly (readonly [T, number])[]) {
  const pick = createWeightedPicker(table, ([, weight]) => weight);
  return (random: Random): T => pick(random)[0];
}

function hashString(text: string): number {
  // FNV-1a: enough to turn a stream name into a 32-bit seed offset.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
