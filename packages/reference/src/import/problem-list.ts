import type { FieldProblem } from '@aftercare/runtime';

export interface ImportProblem {
  line: number;
  field: string;
  reason: string;
}

/** Rejected records: every one is counted, but only the first `cap` problems are kept to report. */
export class ProblemList {
  readonly #lines = new Set<number>();
  readonly #problems: ImportProblem[] = [];
  constructor(readonly cap: number) {}

  reject(line: number, problems: readonly Pick<FieldProblem, 'field' | 'reason'>[]): void {
    this.#lines.add(line);
    for (const { field, reason } of problems) {
      if (this.#problems.length < this.cap) this.#problems.push({ line, field, reason });
    }
  }

  isRejected(line: number): boolean {
    return this.#lines.has(line);
  }

  get rejected(): number {
    return this.#lines.size;
  }

  /** In file order: rejections found while writing come after those found while checking. */
  get problems(): ImportProblem[] {
    return [...this.#problems].sort((a, b) => a.line - b.line);
  }
}
