import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve(import.meta.dirname, '../bin/aftercare.js');

/** Runs `aftercare score` as a real process with `input` on stdin. */
function score(
  input: string,
): Promise<{ code: number | null; lines: Record<string, unknown>[]; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, 'score'], { env: { ...process.env, LOG_LEVEL: 'warn' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => {
      const lines = stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      done({ code, lines, stderr });
    });
    child.stdin.end(input);
  });
}

describe('aftercare score', () => {
  it('answers one line per input line, in order, and an error in place of a broken line', async () => {
    const input = [
      JSON.stringify({ text: 'Arrived broken, refund please', rating: 1 }),
      '{"text": "broken json',
      JSON.stringify({ text: '物流太慢，包装破损' }),
      '',
      JSON.stringify({ text: 'Works perfectly, very happy', lang: 'en' }),
      JSON.stringify({ rating: 9 }),
    ].join('\n');
    const { code, lines, stderr } = await score(`${input}\n`);
    expect(code).toBe(2);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatchObject({ label: 'negative', lang: 'en', complaint: true });
    expect(lines[1]).toHaveProperty('error');
    expect(lines[2]).toMatchObject({
      label: 'negative',
      lang: 'zh',
      topics: expect.arrayContaining(['logistics']),
    });
    expect(lines[3]).toHaveProperty('error');
    expect(lines[4]).toMatchObject({ label: 'positive', complaint: false });
    expect(lines[5]).toHaveProperty('error');
    for (const line of [lines[0], lines[2], lines[4]]) {
      expect(Object.keys(line!)).toEqual(
        expect.arrayContaining(['label', 'score', 'comparative', 'lang', 'topics', 'complaint', 'terms']),
      );
    }
    expect(stderr).toMatch(/scored 6 lines/);
  });

  it('scores a 1 MB text without failing and says it read only the start', async () => {
    const huge = `${'The lid cracked and it leaks. '.repeat(33_000)}`;
    const { code, lines } = await score(
      `${JSON.stringify({ text: huge })}\n${JSON.stringify({ text: 'fine' })}\n`,
    );
    expect(code).toBe(0);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ label: 'negative', truncated: true });
  });
});
