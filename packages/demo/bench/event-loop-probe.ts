/**
 * What a request arriving during some work would wait: a timer due every `intervalMs` records how
 * late it fired. On PGlite the database runs on this thread, so a long statement shows up here.
 */
export function startEventLoopProbe(intervalMs = 10) {
  const delays: number[] = [];
  let last = performance.now();
  let peakRss = process.memoryUsage.rss();
  let peakHeap = process.memoryUsage().heapUsed;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    delays.push(Math.max(0, now - last - intervalMs));
    last = now;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    // heapUsed walks the heap spaces: cheap, but not every 10 ms.
    if (++ticks % 10 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      // Work that never yields to timers would otherwise leave no sample at all.
      delays.push(Math.max(0, performance.now() - last - intervalMs));
      const sorted = delays.sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      return {
        samples: sorted.length,
        maxMs: sorted.at(-1) ?? 0,
        p99Ms: at(0.99),
        p50Ms: at(0.5),
        /** Resident memory and JS heap at their highest while the probe ran. */
        peakRss,
        peakHeap,
      };
    },
  };
}

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}
