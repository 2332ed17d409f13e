import type { HealthBoard } from '@aftercare/runtime';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per process (or per test app), so tests never share counters. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'aftercare_' });
  return registry;
}

export function httpMetrics(registry: Registry) {
  const requests = new Counter({
    name: 'aftercare_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'aftercare_http_request_duration_seconds',
    help: 'HTTP request duration by method and route pattern',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return createMiddleware(async (c, next) => {
    const stop = duration.startTimer();
    await next();
    // The route pattern, not the raw path, so ids in URLs do not explode the label set.
    const route = routePath(c, -1) || 'unmatched';
    stop({ method: c.req.method, route });
    requests.inc({ method: c.req.method, route, status: String(c.res.status) });
  });
}

/** Each worker's state from the health board, read at scrape time. */
export function workerMetrics(registry: Registry, health: HealthBoard): void {
  new Gauge({
    name: 'aftercare_worker_up',
    help: '1 while a background worker runs, 0 while it is restarting, failing or stopped',
    labelNames: ['worker'],
    registers: [registry],
    collect() {
      this.reset();
      for (const worker of health.workers())
        this.set({ worker: worker.name }, worker.state === 'running' ? 1 : 0);
    },
  });
  // A gauge fed from the board's running count; Prometheus treats it as the counter it is (_total).
  new Gauge({
    name: 'aftercare_worker_restarts_total',
    help: 'Restarts of each background worker after it crashed',
    labelNames: ['worker'],
    registers: [registry],
    collect() {
      this.reset();
      for (const worker of health.workers()) this.set({ worker: worker.name }, worker.restarts);
    },
  });
}
