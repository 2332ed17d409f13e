import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { ChannelError } from './errors.js';
import { maskPhone } from './redact.js';

/** One SMS; `to` is E.164. `reference` is our idempotency key, passed to the provider. */
export interface SmsMessage {
  to: string;
  body: string;
  reference: string;
}

export interface SentSms {
  /** The provider's id for the message, for delivery receipts. */
  providerId: string;
}

/** Where SMS go: an HTTP provider in production, memory in tests and demos. */
export interface SmsTransport {
  readonly kind: string;
  send(message: SmsMessage): Promise<SentSms>;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{1,14}$/;
// The reference travels as a header value: visible ASCII only, so it can never split the header.
const REFERENCE = /^[!-~]{1,255}$/;

/**
 * True when `to` is written in E.164 (`+` and digits, nothing else) and is a valid number for
 * its country per the full libphonenumber metadata.
 *
 * @example
 * isE164('+447911123456'); // true
 * isE164('07911 123456'); // false: national format
 */
export function isE164(to: string): boolean {
  if (!E164.test(to)) return false;
  const parsed = parsePhoneNumberFromString(to);
  return parsed?.isValid() === true && parsed.number === to;
}

/**
 * Checks what both SMS transports refuse, so the in-memory one fails like the real one. Throws a
 * permanent {@link ChannelError} whose message shows only the last four digits.
 *
 * @example
 * checkSmsMessage({ to: '+447911123456', body: 'Your callback is at 3pm', reference: 'ntf_1' });
 */
export function checkSmsMessage(message: SmsMessage): void {
  if (!isE164(message.to)) {
    throw new ChannelError(`sms recipient ${maskPhone(message.to)} is not a valid E.164 number`, {
      channel: 'sms',
      reason: 'invalid_recipient',
      permanent: true,
    });
  }
  if (message.body.trim() === '') {
    throw new ChannelError('sms body is empty', {
      channel: 'sms',
      reason: 'invalid_message',
      permanent: true,
    });
  }
  if (!REFERENCE.test(message.reference)) {
    throw new ChannelError('sms reference must be 1-255 visible ASCII characters', {
      channel: 'sms',
      reason: 'invalid_message',
      permanent: true,
    });
  }
}
