import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskEmail, maskPhone, maskSensitive } from '../src/index.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('masking', () => {
  it('keeps enough of a contact to recognise it, not to use it', () => {
    expect(maskEmail('alice.wong@example.com')).toBe('a***@example.com');
    expect(maskPhone('+8613812345678')).toBe('+86*******5678');
    expect(maskPhone('call 4155550132 now')).toBe('call ******0132 now');
    expect(maskPhone('at 2026-11-22T10:00:00+08:00')).toBe('at 2026-11-22T10:00:00+08:00');
  });

  it('masks bearer credentials and API tokens inside text', () => {
    expect(maskSensitive('Authorization: Bearer abc.def-ghi')).toBe('Authorization: Bearer [redacted]');
    expect(maskSensitive('token ac_AbCdEfGhIjKlMnOp')).toBe('token ac_[redacted]');
  });

  it('leaves ordinary numbers and ids alone', () => {
    expect(maskSensitive('imported 20000 rows in 1200 ms, id cus_42')).toBe(
      'imported 20000 rows in 1200 ms, id cus_42',
    );
  });
});

describe('createLogger', () => {
  it('masks errors: message, stack and what a database error carries', () => {
    const { lines, logger } = capture();
    const error = Object.assign(new Error('duplicate key for bob@example.org / +8613912345678'), {
      code: '23505',
      params: ['[{"phone":"+8613912345678","email":"bob@example.org"}]'],
      query: 'insert into customers ...',
      token: 'ac_AbCdEfGhIjKlMnOpQrStUv',
    });
    logger.error({ err: error }, 'request failed');
    logger.error(new Error('token ac_AbCdEfGhIjKlMnOpQrStUv rejected'));
    const text = JSON.stringify(lines);
    expect(text).not.toContain('bob@example.org');
    expect(text).not.toContain('3912345678');
    expect(text).not.toContain('AbCdEfGh');
    expect(text).not.toContain('insert into customers');
    expect(lines[0]!.err).toMatchObject({
      type: 'Error',
      code: '23505',
      message: 'duplicate key for b***@example.org / +86*******5678',
    });
  });

  it('writes JSON lines with contacts, secrets and tokens masked at any depth', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        customer: { email: 'bob@example.org', phone: '+14155550132' },
        headers: { authorization: 'Bearer x' },
      },
      'sent offer to bob@example.org',
    );
    const line = lines[0]!;
    const text = JSON.stringify(line);
    expect(text).not.toContain('bob@example.org');
    expect(text).not.toContain('4155550132');
    expect(line.headers).toEqual({ authorization: '[redacted]' });
    expect(line.msg).toBe('sent offer to b***@example.org');
    expect(line.level).toBe('info');
  });
});
