import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, readEnv, toConfig } from '../src/index.js';

const README = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');

/** `| \`PORT\` | \`8080\` | ... |` rows of the README's configuration table, as name -> default. */
function documentedDefaults(): Map<string, string> {
  const rows = [...README.matchAll(/^\| `([A-Z][A-Z0-9_]+)` +\| ([^|]+?) +\|/gm)];
  return new Map(rows.map(([, name, value]) => [name!, value!.replaceAll('`', '')]));
}

describe('the documented configuration', () => {
  it('is the README table: every variable, with its default', () => {
    const expected = new Map(CONFIG_VARIABLES.map((v) => [v.name, v.default.replace(/^\((.*)\)$/, '$1')]));
    expect(documentedDefaults()).toEqual(expected);
  });

  it('matches what the code does: setting a variable to its documented default changes nothing', () => {
    const defaults = toConfig(readEnv({}));
    for (const variable of CONFIG_VARIABLES.filter((v) => !v.default.startsWith('('))) {
      expect(toConfig(readEnv({ [variable.name]: variable.default })), variable.name).toEqual(defaults);
    }
  });
});
