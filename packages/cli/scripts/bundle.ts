// Bundles the CLI into one ES module that plain Node runs: no TypeScript loader and one file to read
// instead of hundreds, which halves cold start. `bin/aftercare.js` (source through tsx) stays the
// development path; tests start both.
import { resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const started = performance.now();
await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/aftercare.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Packages that load files next to their own code (WASM, static assets) or have optional native
  // parts stay installed packages; each is a direct dependency of this package.
  external: [
    '@electric-sql/pglite',
    'kysely-pglite-dialect',
    'pg',
    'pg-native',
    'proper-lockfile',
    'swagger-ui-dist',
  ],
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
console.log(`bundled dist/aftercare.mjs in ${Math.round(performance.now() - started)} ms`);
