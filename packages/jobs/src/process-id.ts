import { hostname } from 'node:os';

/**
 * Names this process among replicas (`host-pid`): the default lease holder of work loops and runner of
 * periodic ticks, so a row or tick can be traced to the process that took it.
 */
export function processId(): string {
  return `${hostname()}-${process.pid}`;
}
