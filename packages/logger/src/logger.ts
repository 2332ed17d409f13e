import { type DestinationStream, type Logger, pino } from 'pino';
import { maskError, maskSensitive, maskValue } from './mask.js';

export type { Logger };
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * The one JSON logger of a process; services take named children of it.
 * @example const log = createLogger({ level: 'info' }).child({ component: 'scheduler' });
 */
export function createLogger(options: { level: LogLevel; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'aftercare' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Errors are serialised by us, masked, before pino's own serializer can copy their properties.
      serializers: {
        err: (error: unknown) => (error instanceof Error ? maskError(error) : maskValue(error)),
      },
      formatters: {
        level: (label) => ({ level: label }),
        // Every record passes here, so no call site can forget to mask a phone number.
        log: (record) => maskValue(record) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          // logger.error(err) makes the error's own message the line's msg; mask it like any text.
          const mask = (arg: unknown) => (typeof arg === 'string' ? maskSensitive(arg) : arg);
          const [first, ...rest] = args;
          if (first instanceof Error) {
            const message = typeof rest[0] === 'string' ? rest[0] : first.message;
            return method.call(this, { err: first }, maskSensitive(message));
          }
          // pino's arguments are a union of tuples; masking keeps each argument's position and kind.
          return method.apply(this, args.map(mask) as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}
