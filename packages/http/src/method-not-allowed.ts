import type { RouterRoute } from 'hono/types';

/**
 * From the app's routes, a lookup of the methods a path answers, so a known path asked with another
 * method gets 405 and an Allow header instead of 404.
 */
export function methodNotAllowed(routes: readonly RouterRoute[]): (path: string) => string[] {
  const patterns = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  return (path) => {
    // Routes are read on first use: modules are mounted after the app is made.
    if (patterns.size === 0) {
      for (const route of routes) {
        if (route.method === 'ALL') continue;
        const entry = patterns.get(route.path) ?? { pattern: toPattern(route.path), methods: new Set() };
        entry.methods.add(route.method);
        patterns.set(route.path, entry);
      }
    }
    const allowed = new Set<string>();
    for (const { pattern, methods } of patterns.values()) {
      if (pattern.test(path)) for (const method of methods) allowed.add(method);
    }
    if (allowed.has('GET')) allowed.add('HEAD');
    return [...allowed].sort();
  };
}

function toPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((part) =>
      part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}/?$`);
}
