import type { Logger } from '@aftercare/logger';
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerUpdateConfig,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  StorageType,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { subjectCovers } from './subjects.js';

// What a stream this consumer creates keeps: a week of mentions, so a watcher down for a weekend
// catches up and a replay stays possible, without the disk growing for ever.
const CREATED_STREAM_MAX_AGE_MS = 7 * 86_400_000;

/**
 * Makes sure the stream exists and holds `subject`: created (file storage, a week kept) when
 * missing; an existing stream is left as its owner configured it, except that `subject` is added to
 * its subjects when none of them covers it (the consumer could not read it otherwise).
 */
export async function ensureMentionStream(
  jsm: JetStreamManager,
  { stream, subject }: { stream: string; subject: string },
  logger: Logger,
): Promise<void> {
  const info = await jsm.streams.info(stream).catch((error: unknown) => {
    if (isApiError(error, JetStreamApiCodes.StreamNotFound)) return undefined;
    throw error;
  });
  if (!info) {
    await jsm.streams.add({
      name: stream,
      subjects: [subject],
      storage: StorageType.File,
      max_age: nanos(CREATED_STREAM_MAX_AGE_MS),
    });
    logger.info({ stream, subject }, 'mention stream created');
    return;
  }
  const subjects = info.config.subjects ?? [];
  if (subjects.some((held) => subjectCovers(held, subject))) return;
  await jsm.streams.update(stream, { subjects: [...subjects, subject] });
  logger.warn({ stream, subject, subjects }, 'mention subject added to the existing stream');
}

export interface MentionConsumerSettings {
  stream: string;
  durable: string;
  subject: string;
  maxDeliver: number;
  ackWaitMs: number;
  maxAckPending: number;
}

/**
 * Makes sure the durable pull consumer exists with explicit acks and these limits: created when
 * missing, its limits updated when they differ (every watcher process shares it, so the last one
 * started with a new NATS_MAX_DELIVER sets it).
 */
export async function ensureMentionConsumer(
  jsm: JetStreamManager,
  settings: MentionConsumerSettings,
  logger: Logger,
): Promise<void> {
  const { stream, durable } = settings;
  const wanted = {
    max_deliver: settings.maxDeliver,
    ack_wait: nanos(settings.ackWaitMs),
    max_ack_pending: settings.maxAckPending,
    filter_subject: settings.subject,
  } satisfies Partial<ConsumerUpdateConfig>;
  const info = await jsm.consumers.info(stream, durable).catch((error: unknown) => {
    if (isApiError(error, JetStreamApiCodes.ConsumerNotFound)) return undefined;
    throw error;
  });
  if (!info) {
    const config: Partial<ConsumerConfig> = {
      ...wanted,
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
    };
    await jsm.consumers.add(stream, config);
    logger.info({ stream, durable, subject: settings.subject }, 'mention consumer created');
    return;
  }
  const changed = Object.fromEntries(
    Object.entries(wanted).filter(([key, value]) => info.config[key as keyof typeof wanted] !== value),
  );
  if (Object.keys(changed).length === 0) return;
  await jsm.consumers.update(stream, durable, changed);
  logger.info({ stream, durable, changed }, 'mention consumer updated');
}

function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}
