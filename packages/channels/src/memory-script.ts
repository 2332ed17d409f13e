import { type Channel, ChannelError } from './errors.js';

/** What a memory transport's next send should throw: a kind of failure, or an exact error. */
export type ScriptedFailure = 'temporary' | 'permanent' | ChannelError;

export const DEFAULT_MEMORY_LIMIT = 1000;

/** A queue of failures the next sends take, one each, before sending works again. */
export function createFailureScript(channel: Channel) {
  const queue: ChannelError[] = [];
  return {
    push(failure: ScriptedFailure): void {
      queue.push(
        failure instanceof ChannelError
          ? failure
          : new ChannelError(`scripted ${failure} ${channel} failure`, {
              channel,
              reason: failure === 'permanent' ? 'rejected' : 'deferred',
              permanent: failure === 'permanent',
            }),
      );
    },
    /** Throws the next scripted failure, if any. */
    take(): void {
      const next = queue.shift();
      if (next) throw next;
    },
  };
}

/** Appends and drops the oldest entries beyond `limit`, so a long demo run stays small. */
export function pushBounded<T>(list: T[], item: T, limit: number): void {
  list.push(item);
  if (list.length > limit) list.splice(0, list.length - limit);
}
