import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DEMO_TOKENS_FILE = 'demo-tokens.txt';

export interface DemoTokenDelivery {
  /** Role to token. */
  tokens: Record<string, string>;
  url: string;
  /** The data folder (`config.db.dataDir`); the file goes there, also on a server database. */
  dataDir: string;
  /** True when stdout is a terminal: only then may the tokens be printed. */
  terminal: boolean;
  now: Date;
}

/**
 * Hands the demo tokens over: printed when stdout is a terminal, else written to `demo-tokens.txt`
 * (mode 0600) in the data folder, because a redirected stdout is a log stream that others read.
 * Resolves to the lines to print, which never hold a token unless `terminal` is true.
 */
export function deliverDemoTokens(delivery: DemoTokenDelivery): string[] {
  const { tokens, url } = delivery;
  const file = demoTokensPath(delivery.dataDir);
  if (delivery.terminal) {
    // The tokens of an earlier run are revoked by now; a file holding them would only mislead.
    rmSync(file, { force: true });
    return [
      'Demo API tokens (shown once; a restart makes new ones):',
      ...Object.entries(tokens).map(([role, token]) => `  ${role.padEnd(10)} ${token}`),
      `Try: curl -H "Authorization: Bearer ${tokens.admin}" "${url}/v1/customers?limit=5"`,
    ];
  }
  writePrivateFile(
    file,
    [
      `# Aftercare demo API tokens for ${url}, made ${delivery.now.toISOString()}; a restart makes new ones.`,
      ...Object.entries(tokens).map(([role, token]) => `${role.padEnd(10)} ${token}`),
      '',
    ].join('\n'),
  );
  return [
    `Demo API tokens, one per role: in ${file} (readable only by this user; a restart makes new ones)`,
    `Try: curl -H "Authorization: Bearer $(awk '$1=="admin"{print $2}' ${file})" "${url}/v1/customers?limit=5"`,
  ];
}

/** The tokens file of a data folder; an in-memory database's goes to the working folder. */
export function demoTokensPath(dataDir: string): string {
  return resolve(dataDir.startsWith('memory://') ? '.' : dataDir, DEMO_TOKENS_FILE);
}

/** Reads the role-to-token lines `deliverDemoTokens` wrote. */
export function parseDemoTokens(text: string): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^(\w+)\s+(\S+)$/.exec(line.trim());
    if (match && !line.startsWith('#')) tokens[match[1]!] = match[2]!;
  }
  return tokens;
}

/** Created 0600 under another name, then renamed: the tokens are never readable by others, even briefly. */
function writePrivateFile(file: string, text: string): void {
  const folder = resolve(file, '..');
  mkdirSync(folder, { recursive: true });
  const partial = join(folder, `.${DEMO_TOKENS_FILE}.${process.pid}`);
  rmSync(partial, { force: true }); // 'wx' below: a leftover must not lend its mode
  const fd = openSync(partial, 'wx', 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
}
