import { createApiToken, listApiTokens, ROLES, revokeApiToken } from '@aftercare/auth';
import { ConfigError, readEnv, toConfig } from '@aftercare/config';
import { type OwnedContext, withContext } from '@aftercare/context';
import type { Role } from '@aftercare/db';
import { ValidationError } from '@aftercare/runtime';
import { Command, InvalidArgumentError, Option } from 'commander';
import { explainDatabaseInUse } from './database-in-use.js';
import { TARGETS, type Target } from './target-names.js';

// The only place that reads process.env.
function loadConfig() {
  return toConfig(readEnv(process.env));
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number');
  return number;
}

/**
 * A one-shot command's context, from the environment. `instead` says how to do the same through the
 * running server when that server holds the embedded database.
 */
function withEnvContext<T>(use: (ctx: OwnedContext) => Promise<T>, instead?: string): Promise<T> {
  const config = loadConfig();
  const open = () => withContext(config, use);
  return instead ? explainDatabaseInUse(open, instead) : open();
}

/** --url, --retry-for and --token, of the commands that can send batches to a running instance. */
function withApiOptions(command: Command): Command {
  return command
    .option(
      '--url <url>',
      'send batches to a running instance (e.g. http://127.0.0.1:8080) instead of the database; the token (ingest role) comes from AFTERCARE_TOKEN',
    )
    .option(
      '--retry-for <seconds>',
      'with --url: how long to keep retrying a batch while the server is unreachable or busy',
      positiveInteger,
      300,
    )
    .option('--token <token>', "deprecated: visible in process lists and pnpm's echo; use AFTERCARE_TOKEN");
}

type ApiFlags = { url?: string; token?: string; retryFor: number };

/** What those options tell the command; the token is AFTERCARE_TOKEN, or --token with a warning. */
function apiSettings(options: ApiFlags) {
  if (options.token !== undefined) {
    // pnpm prints the command line it runs, and `ps` shows it to every user of the machine.
    console.error(
      "aftercare: warning: --token is visible in process lists and in pnpm's echo of the command; " +
        'set AFTERCARE_TOKEN instead',
    );
  }
  return {
    url: options.url,
    token: options.token ?? process.env.AFTERCARE_TOKEN,
    retryForMs: options.retryFor * 1000,
    loadConfig,
  };
}

const program = new Command('aftercare')
  .description('Customer-care follow-up and early warning')
  .showHelpAfterError();

program
  .command('start')
  .description('run the HTTP API, the console and the workers')
  .addOption(
    new Option('--target <target>', 'which service this process runs').choices(TARGETS).default('all'),
  )
  .option('--demo', 'seed demo data into an empty database and print a token per role')
  .action(async (options: { target: Target; demo?: boolean }) => {
    const { runStart } = await import('./start-command.js');
    await runStart(loadConfig(), options);
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(() => withEnvContext(async () => console.log('database schema is up to date')));

program
  .command('seed-demo')
  .description('fill the database with the deterministic demo data set')
  .option('--seed <n>', 'random seed', positiveInteger, 42)
  .option('--customers <n>', 'how many customers', positiveInteger, 20_000)
  .option('--products <n>', 'how many products', positiveInteger, 500)
  .option('--orders <n>', 'how many orders', positiveInteger, 100_000)
  .option(
    '--complaints <n>',
    'how many complaints (default: one per 30 orders, at most 3,000)',
    positiveInteger,
  )
  .action(
    (options: { seed: number; customers: number; products: number; orders: number; complaints?: number }) =>
      withEnvContext(async (ctx) => {
        const { describeSeed, runSeed } = await import('./demo.js');
        console.log(`seeded ${describeSeed(await runSeed(ctx, options))}`);
      }),
  );

const importCommand = program
  .command('import')
  .description('import reference data from a .csv or .ndjson file of any size')
  .argument('<entity>', 'customers, products or orders')
  .argument('<file>', 'a .csv or .ndjson file');
withApiOptions(importCommand).action(async (entity: string, file: string, options: ApiFlags) => {
  const { runImport } = await import('./import-command.js');
  // Set after the database is closed: PGlite's runtime resets the exit code when it shuts down.
  process.exitCode = await runImport(entity, file, apiSettings(options));
});

const ingestCommand = program
  .command('ingest')
  .description(
    'take mentions in from an NDJSON file of any size (a backfill), one MentionInput a line, as POST /v1/mentions does',
  )
  .argument('<file>', 'an .ndjson file; blank lines are skipped');
withApiOptions(ingestCommand)
  .addHelpText(
    'after',
    '\nEach line is checked on its own: a bad one is named by its line number and the rest goes on.\n' +
      'Mentions seen before (same source and externalId) count as duplicates, so a re-run is safe.\n' +
      'Exit code 2 when lines were rejected.',
  )
  .action(async (file: string, options: ApiFlags) => {
    const { runIngest } = await import('./ingest-command.js');
    // Set after the database is closed, as for import.
    process.exitCode = await runIngest(file, apiSettings(options));
  });

program
  .command('score')
  .description(
    'score NDJSON texts from stdin ({"text", "lang"?, "rating"?} a line), one result a line on stdout',
  )
  .action(async () => {
    const { runScore } = await import('./score-command.js');
    process.exitCode = await runScore();
  });

const token = program.command('token').description('manage API tokens');
token
  .command('create')
  .description('create an API token and print it once')
  .addOption(new Option('--role <role>', 'what the token may do').choices(ROLES).makeOptionMandatory())
  .requiredOption('--name <name>', 'who or what uses it, e.g. "review feed"')
  .option('--expires-in-days <n>', 'expire after this many days', positiveInteger)
  .option('--user <email>', "a person's token: theirs, with their role, stopping when they are disabled")
  .action((options: { role: Role; name: string; expiresInDays?: number; user?: string }) =>
    withEnvContext(async (ctx) => {
      const { user, ...input } = options;
      const person = user
        ? await ctx.db
            .selectFrom('users')
            .select('id')
            .where('email', '=', user.trim().toLowerCase())
            .executeTakeFirst()
        : undefined;
      if (user && !person) throw new InvalidArgumentError(`no user with the e-mail ${user}`);
      const created = await createApiToken(ctx, {
        ...input,
        ...(person ? { userId: person.id } : {}),
        createdBy: 'cli',
      });
      console.log(created.token);
      console.error(
        `token tok_${created.id} "${created.name}" with role ${created.role}; it is shown only this once`,
      );
    }, 'create the token through it: POST /v1/tokens with an admin token'),
  );
token
  .command('list')
  .description('list API tokens (never the tokens themselves)')
  .action(() =>
    withEnvContext(async (ctx) => {
      for (const row of await listApiTokens(ctx)) {
        const state = row.revoked_at
          ? 'revoked'
          : row.expires_at && row.expires_at <= ctx.clock.now()
            ? 'expired'
            : 'active';
        console.log(`tok_${row.id}\t${row.role}\t${state}\t${row.token_prefix}…\t${row.name}`);
      }
    }, 'list them through it: GET /v1/tokens with an admin token'),
  );
token
  .command('revoke')
  .description('revoke an API token')
  .argument('<id>', 'the token id, e.g. tok_12')
  .action((id: string) => {
    const match = /^(?:tok_)?(\d+)$/.exec(id);
    if (!match) throw new InvalidArgumentError(`"${id}" is not a token id like tok_12`);
    return withEnvContext(async (ctx) => {
      await revokeApiToken(ctx, { id: Number(match[1]), actor: 'cli' });
      console.log(`revoked tok_${match[1]}`);
    }, `revoke it through it: DELETE /v1/tokens/tok_${match[1]} with an admin token`);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // One clear line, never a stack trace, for what a user can fix.
  const message =
    error instanceof ConfigError
      ? `configuration: ${error.message}`
      : error instanceof ValidationError
        ? `${error.message} (${error.errors.map((e) => `${e.field}: ${e.reason}`).join('; ')})`
        : (error as Error).message;
  console.error(`aftercare: ${message}`);
  process.exitCode = 1;
}
