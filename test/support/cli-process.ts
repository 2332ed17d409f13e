import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI = resolve(import.meta.dirname, '../../packages/cli/bin/aftercare.js');

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'aftercare-e2e-'));
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `aftercare ...args` to completion. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
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
    const child = spawn(process.execPath, [cli, 'start', ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) resolveStart({ child, url: match[1]!, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`aftercare start exited with ${code}: ${output}`)));
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    if (child.exitCode !== null) done(child.exitCode);
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
