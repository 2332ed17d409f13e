import type { GradingInput } from '../../src/grading/index.js';

/** A first complaint from a regular customer over chat, about quality: the plainest scenario. */
export function firstComplaint(text: string, overrides: Partial<GradingInput> = {}): GradingInput {
  return {
    text,
    category: 'quality',
    channel: 'chat',
    customer: { tier: 'regular', complaintsLast30Days: 0 },
    ...overrides,
  };
}

/** The same text from a VIP with this many earlier complaints in the last 30 days. */
export function fromVip(text: string, earlier: number, overrides: Partial<GradingInput> = {}): GradingInput {
  return firstComplaint(text, { customer: { tier: 'vip', complaintsLast30Days: earlier }, ...overrides });
}

/** The same text from a regular customer with this many earlier complaints in the last 30 days. */
export function fromRegular(text: string, earlier: number): GradingInput {
  return firstComplaint(text, { customer: { tier: 'regular', complaintsLast30Days: earlier } });
}
