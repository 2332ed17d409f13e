import { describe, expect, it } from 'vitest';
import {
  createMemoryEventWriter,
  EVENT_CATALOGUE,
  EventSchemaError,
  isEventType,
  validatePayload,
} from '../src/index.js';
import { coldDatabase, erasedCustomer42 } from './fixtures.js';

describe('event catalogue', () => {
  it('names every type with its version', () => {
    for (const type of Object.keys(EVENT_CATALOGUE)) expect(type).toMatch(/^[a-z_-]+\.[a-z_-]+@\d+$/);
    expect(isEventType('customer.erased@1')).toBe(true);
    expect(isEventType('customer.erased')).toBe(false);
    expect(isEventType('toString'), 'not fooled by Object.prototype').toBe(false);
  });

  it('accepts a valid payload and rejects a bad one with every problem named', () => {
    expect(validatePayload('customer.erased@1', erasedCustomer42)).toEqual(erasedCustomer42);
    const bad = () =>
      validatePayload('customer.consent-changed@1', {
        customerId: '42',
        channel: 'fax',
        granted: true,
        source: 'care-call',
        changedAt: 'yesterday',
      });
    expect(bad).toThrow(EventSchemaError);
    expect(bad).toThrow(/customerId: expected a customer id like cus_42/);
    expect(bad).toThrow(/channel:/);
    expect(bad).toThrow(/changedAt:/);
  });

  it('rejects unknown keys, so a misspelt field is caught at write', () => {
    expect(() => validatePayload('customer.erased@1', { ...erasedCustomer42, erasedby: 'usr_3' })).toThrow(
      /erasedby/,
    );
  });

  it('rejects an unknown type', () => {
    expect(() => validatePayload('complaint.teleported@1', {})).toThrow(/unknown event type/);
  });
});

describe('in-memory event writer', () => {
  it('records validated events in order and refuses a bad payload', async () => {
    const events = createMemoryEventWriter();
    const first = await events.append(coldDatabase, {
      type: 'customer.erased@1',
      aggregateType: 'customer',
      aggregateId: 'cus_42',
      payload: erasedCustomer42,
    });
    expect(first).toEqual({ id: 1, txid: '1' });
    await expect(
      events.append(coldDatabase, {
        type: 'customer.consent-changed@1',
        aggregateType: 'customer',
        aggregateId: 'cus_42',
        // @ts-expect-error: `granted` is a boolean; the type check and the schema both refuse it
        payload: { customerId: 'cus_42', channel: 'sms', granted: 'yes', source: 'x', changedAt: 'now' },
      }),
    ).rejects.toThrow(EventSchemaError);
    expect(events.appended).toHaveLength(1);
    const [event] = events.appended;
    if (event?.type !== 'customer.erased@1') throw new Error(`unexpected ${JSON.stringify(event)}`);
    expect(event.payload.erasedBy, 'the union narrows by type').toBe('usr_3');
  });
});
