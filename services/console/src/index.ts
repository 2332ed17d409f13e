import type { AppContext, ServiceModule } from '@aftercare/runtime';
import { Hono } from 'hono';

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Aftercare</title></head>
<body>
  <main>
    <h1>Aftercare</h1>
    <p>The console for agents, supervisors and marketing arrives with its own issue.</p>
    <p>Meanwhile: the <a href="/docs">API reference</a>, <a href="/readyz">readiness</a>.</p>
  </main>
</body>
</html>`;

/**
 * The web pages of the three roles. Until its issue lands it serves one page that points at the API.
 */
export function createConsoleService(_ctx: AppContext): ServiceModule {
  const pages = new Hono();
  pages.get('/', (c) => c.html(PAGE));
  return { name: 'console', pages, workers: [] };
}
