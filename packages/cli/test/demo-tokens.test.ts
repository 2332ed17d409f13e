import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverDemoTokens, parseDemoTokens } from '../src/demo-tokens.js';

const tokens = { admin: 'ac_admin_secret_0123456789', agent: 'ac_agent_secret_0123456789' };
const url = 'http://127.0.0.1:8080';
const now = new Date('2026-03-01T09:00:00Z');

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});
function dataFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'aftercare-tokens-'));
  folders.push(folder);
  return folder;
}

describe('deliverDemoTokens', () => {
  it('writes the tokens to a file only this user can read when stdout is not a terminal, and prints none', () => {
    const dataDir = dataFolder();
    const lines = deliverDemoTokens({ tokens, url, dataDir, terminal: false, now });
    const file = join(dataDir, 'demo-tokens.txt');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseDemoTokens(readFileSync(file, 'utf8'))).toEqual(tokens);
    const printed = lines.join('\n');
    expect(printed).toContain(`in ${file}`);
    expect(printed).not.toContain('ac_admin_secret');
    expect(printed).not.toContain('ac_agent_secret');
    expect(readdirSync(dataDir)).toEqual(['demo-tokens.txt']);
  });

  it('makes a wider file of an earlier run private again, and creates a missing data folder', () => {
    const dataDir = join(dataFolder(), 'not-yet');
    deliverDemoTokens({ tokens, url, dataDir, terminal: false, now });
    const file = join(dataDir, 'demo-tokens.txt');
    writeFileSync(file, 'old', { mode: 0o644 });
    deliverDemoTokens({ tokens: { admin: 'ac_new_0123456789' }, url, dataDir, terminal: false, now });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseDemoTokens(readFileSync(file, 'utf8'))).toEqual({ admin: 'ac_new_0123456789' });
  });

  it('prints them on a terminal and removes the file of an earlier run, whose tokens are revoked', () => {
    const dataDir = dataFolder();
    deliverDemoTokens({ tokens, url, dataDir, terminal: false, now });
    const lines = deliverDemoTokens({ tokens, url, dataDir, terminal: true, now });
    expect(lines).toContain('  admin      ac_admin_secret_0123456789');
    expect(lines.at(-1)).toContain('Bearer ac_admin_secret_0123456789');
    expect(existsSync(join(dataDir, 'demo-tokens.txt'))).toBe(false);
  });
});
