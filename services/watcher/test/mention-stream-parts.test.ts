import type { JsMsg } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { natsConnectionOptions, natsServerOf } from '../src/stream/connect-nats.js';
import { fetchBatches } from '../src/stream/fetch-batches.js';
import { readMessage } from '../src/stream/read-message.js';
import { subjectCovers } from '../src/stream/subjects.js';

const encode = (text: string) => new TextEncoder().encode(text);

/** A fetch that yields `seq` numbers as messages, each after its delay in ms, then ends (or fails). */
async function* fakeFetch(delays: number[], failure?: Error): AsyncGenerator<JsMsg> {
  for (const [seq, delayMs] of delays.entries()) {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    yield { seq } as JsMsg;
  }
  if (failure) throw failure;
}
const seqs = (batch: JsMsg[]) => batch.map((msg) => msg.seq);

describe('the parts of the NATS consumer', () => {
  it('reads one mention per message, naming what cannot be read', () => {
    expect(readMessage(encode('{"source":"weibo"}'))).toEqual({ value: { source: 'weibo' } });
    expect(readMessage(encode('[1, 2]'))).toEqual({ value: [1, 2] }); // the schema says no, later
    expect(readMessage(encode('{"source":'))).toEqual({ unreadable: expect.stringMatching(/^not JSON/) });
    expect(readMessage(new Uint8Array([0x22, 0xc3, 0x28, 0x22]))).toEqual({ unreadable: 'not valid UTF-8' });
    expect(readMessage(encode(' \n'))).toEqual({ unreadable: expect.stringMatching(/^empty message/) });
  });

  it('tells which subjects a filter covers, wildcards included', () => {
    expect(subjectCovers('mentions.>', 'mentions.weibo')).toBe(true);
    expect(subjectCovers('mentions.>', 'mentions.weibo.cn')).toBe(true);
    expect(subjectCovers('mentions.>', 'mentions.>')).toBe(true);
    expect(subjectCovers('mentions.>', 'mentions')).toBe(false);
    expect(subjectCovers('mentions.*', 'mentions.weibo')).toBe(true);
    expect(subjectCovers('mentions.*', 'mentions.>')).toBe(false);
    expect(subjectCovers('mentions.*', 'mentions.*')).toBe(true);
    expect(subjectCovers('mentions.weibo', 'mentions.*')).toBe(false);
    expect(subjectCovers('>', 'aftercare.mentions.dead')).toBe(true);
    expect(subjectCovers('mentions.>', 'aftercare.mentions.dead')).toBe(false);
  });

  it('takes credentials out of the URL and keeps them out of what it logs', () => {
    expect(natsConnectionOptions('nats://127.0.0.1:4222')).toEqual({ servers: '127.0.0.1:4222' });
    expect(natsConnectionOptions('nats://watcher:s%40cret@nats.internal')).toEqual({
      servers: 'nats.internal:4222',
      user: 'watcher',
      pass: 's@cret',
    });
    expect(natsConnectionOptions('tls://t0ken@nats.internal:4443')).toEqual({
      servers: 'nats.internal:4443',
      token: 't0ken',
      tls: {},
    });
    expect(natsServerOf('nats://watcher:secret@nats.internal:4222')).toBe('nats.internal:4222');
  });

  it('cuts a fetch into batches: a flood whole, a trickle when it pauses, nothing left behind', async () => {
    const batchesOf = async (delays: number[], failure?: Error) => {
      const found: number[][] = [];
      try {
        for await (const batch of fetchBatches(fakeFetch(delays, failure), { idleMs: 30, maxWaitMs: 400 })) {
          found.push(seqs(batch));
          await new Promise((resolve) => setTimeout(resolve, 50)); // busy with the batch meanwhile
        }
      } catch (error) {
        found.push([-1]);
        expect(error).toBe(failure);
      }
      return found;
    };
    expect(await batchesOf([0, 0, 0, 0])).toEqual([[0, 1, 2, 3]]);
    expect(await batchesOf([0, 0, 250, 0, 250])).toEqual([[0, 1], [2, 3], [4]]);
    // Arriving every 10 ms for longer than maxWaitMs: cut by the cap, then the rest.
    const steady = await batchesOf(Array.from({ length: 60 }, () => 10));
    expect(steady.length).toBeGreaterThan(1);
    expect(steady.flat()).toEqual(Array.from({ length: 60 }, (_, i) => i));
    // A fetch that fails hands over what came before the failure, then throws it.
    expect(await batchesOf([0, 0, 0], new Error('heartbeats missed'))).toEqual([[0, 1, 2], [-1]]);
  });
});
