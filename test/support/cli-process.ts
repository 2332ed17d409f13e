import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI = resolve(import.meta.dirname, '../../packages/cli/bin/aftercare.js');

// What the tests of a file made; `cleanUpCli()` in afterEach removes it, also after a failure.
const spawned = new Set<ChildProcess>();
const tempDirs: string[] = [];

/** A new data folder in the system temp folder, removed by `cleanUpCli()`. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aftercare-e2e-'));
  tempDirs.push(dir);
  return dir;
}

/**
 * Kills every CLI process a test left running, waits until each has exited (so none writes into a
 * folder being removed), then removes the temporary folders. Call it in afterEach.
 */
export async function cleanUpCli(): Promise<void> {
  await Promise.all(
    [...spawned].map((child) => {
      const gone = exited(child);
      child.kill('SIGKILL');
      return gone;
    }),
  );
  spawned.clear();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Spawns `aftercare ...args` (or another entry point), tracked for `cleanUpCli()`. */
export function spawnCli(args: string[], env: Record<string, string>, cli = CLI): ChildProcess {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.add(child);
  child.once('exit', () => spawned.delete(child));
  return child;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `aftercare ...args` to completion. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Starts `aftercare start ...` and resolves once it printed its URL. */
export function startCli(
  args: string[],
  env: Record<string, string>,
  cli = CLI,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolveStart, reject) => {
    const child = spawnCli(['start', ...args], env, cli);
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) resolveStart({ child, url: match[1]!, output: () => output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`aftercare start exited with ${code}: ${output}`)));
  });
}

/** Resolves to the exit code once the process has exited (null when a signal ended it). */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode);
    else child.once('exit', (code) => done(code));
  });
}

/** A port nothing listens on right now, for a process whose URL must be known before it prints it. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Role to token, from the `demo-tokens.txt` that `start --demo` writes when stdout is no terminal. */
export function readDemoTokens(dataDir: string): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const line of readFileSync(join(dataDir, 'demo-tokens.txt'), 'utf8').split('\n')) {
    const match = /^(\w+) +(ac_\S+)$/.exec(line);
    if (match) tokens[match[1]!] = match[2]!;
  }
  return tokens;
}

/** Polls `probe` every 100 ms until it returns a value, or throws after `timeoutMs` saying what it waited for. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A probe's answer: status and body text, or undefined while nothing listens. */
export async function probe(url: string): Promise<{ status: number; body: string } | undefined> {
  const response = await fetch(url).catch(() => undefined);
  return response && { status: response.status, body: await response.text() };
}
