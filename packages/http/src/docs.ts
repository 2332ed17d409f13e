import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';

// The folder of the installed swagger-ui-dist, found on the first asset request: the package's main
// module loads its 1.4 MB browser bundle just to say where it lives, which cost every start ~165 ms.
let assetsFolder: Promise<string> | undefined;
const swaggerFolder = () =>
  (assetsFolder ??= import('swagger-ui-dist/absolute-path.js').then((module) => module.default()));

// Served from the installed package, not a CDN: the reference works on a closed network.
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Aftercare API reference</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="api-reference"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/start.js"></script>
</body>
</html>`;

const START = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#api-reference', deepLinking: true });`;

// Only our own files run; Swagger UI sets inline styles and draws icons from data: URLs.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A readable API reference at /docs, generated from /openapi.json. */
export function docsRoutes() {
  const app = new Hono();
  const cache = new Map<string, string>();
  app.use('/docs', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  });
  app.get('/docs', (c) => c.html(PAGE));
  app.get('/docs/assets/start.js', (c) =>
    c.body(START, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/docs/assets/:file', async (c) => {
    const file = c.req.param('file');
    const type = ASSETS[file];
    if (!type) return c.notFound();
    let body = cache.get(file);
    if (body === undefined) {
      body = await readFile(join(await swaggerFolder(), file), 'utf8');
      cache.set(file, body);
    }
    return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
  });
  return app;
}
