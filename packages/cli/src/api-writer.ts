import type { BatchResult } from '@aftercare/reference';
import type { BatchWriter } from '@aftercare/reference/import';
import { ValidationError } from '@aftercare/runtime';

const MAX_TRIES = 10;

/**
 * Sends import batches to a running instance's API (`POST /v1/<entity>`), for when its embedded
 * database is held by that process or the database is out of reach. Floods and outages (429, 503)
 * are retried after the server's Retry-After; refused records come back by index, like a local write.
 */
export function apiBatchWriter(options: {
  url: string;
  token: string;
  sleep?: (ms: number) => Promise<void>;
}): BatchWriter {
  const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const base = options.url.replace(/\/+$/, '');
  return async (entity, records, writeOptions) => {
    const items =
      entity === 'customers'
        ? records.map((record) => ({
            consentSource: writeOptions.defaultConsentSource,
            ...(record as object),
          }))
        : records;
    const body = JSON.stringify({ items });
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${base}/v1/${entity}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' },
        body,
      }).catch((error: Error) => {
        throw new Error(
          `cannot reach ${base}: ${error.cause instanceof Error ? error.cause.message : error.message}`,
        );
      });
      if (response.ok) return (await response.json()) as BatchResult;
      const problem = (await response.json().catch(() => ({}))) as {
        detail?: string;
        errors?: ValidationError['errors'];
      };
      if ((response.status === 429 || response.status === 503) && attempt < MAX_TRIES) {
        await sleep(retryAfterMs(response.headers.get('retry-after')));
        continue;
      }
      if (response.status === 400 && problem.errors?.length)
        throw new ValidationError(problem.detail ?? 'refused', problem.errors);
      throw new Error(`${base} answered ${response.status}: ${problem.detail ?? response.statusText}`);
    }
  };
}

/** Retry-After is seconds or an HTTP date; anything else waits a second. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  const seconds = Number(header);
  if (header !== null && header.trim() !== '' && Number.isFinite(seconds)) return Math.max(seconds, 0) * 1000;
  const at = header ? Date.parse(header) : Number.NaN;
  return Number.isFinite(at) ? Math.max(at - now, 0) : 1000;
}
