import { type DestinationStream, type Logger, pino } from 'pino';
import { maskSensitive, maskValue } from './mask.js';

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
      formatters: {
        level: (label) => ({ level: label }),
        // Every record passes here, so no call site can forget to mask a phone number.
        log: (record) => maskValue(record) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === 'string' ? maskSensitive(arg) : arg));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}
