export {
  type Channel,
  ChannelError,
  type ChannelErrorOptions,
  type ChannelErrorReason,
  isChannelError,
} from './errors.js';
export { createHttpSmsTransport, type HttpSmsOptions } from './http-sms.js';
export { checkMailMessage, type MailMessage, type MailTransport, type SentMail } from './mail.js';
export {
  createMemoryMailTransport,
  type MemoryMailOptions,
  type MemoryMailTransport,
  type RecordedMail,
} from './memory-mail.js';
export type { ScriptedFailure } from './memory-script.js';
export {
  createMemorySmsTransport,
  type MemorySmsOptions,
  type MemorySmsTransport,
  type RecordedSms,
} from './memory-sms.js';
export { maskPhone } from './redact.js';
export { parseRetryAfter } from './retry-after.js';
export { checkSmsMessage, isE164, type SentSms, type SmsMessage, type SmsTransport } from './sms.js';
export { createSmtpMailTransport, type SmtpMailOptions } from './smtp-mail.js';
