import { UnavailableError, ValidationError } from '@aftercare/runtime';
import { describe, expect, it } from 'vitest';
import { toProblem } from '../src/index.js';

describe('toProblem', () => {
  it('answers a value the database refused as data with 400, without echoing it', () => {
    const refused = Object.assign(new Error('invalid input syntax for type json: "secret@example.com"'), {
      code: '22P02',
    });
    const { problem } = toProblem(refused);
    expect(problem).toMatchObject({ status: 400, type: '/problems/validation' });
    expect(problem.detail).not.toContain('secret');
  });

  it('keeps a data exception that is our own bug a 500', () => {
    const bug = Object.assign(new Error('division by zero'), { code: '22012' });
    expect(toProblem(bug)).toMatchObject({ problem: { status: 500 }, unexpected: true });
  });

  it('answers a lost connection with 503 and Retry-After', () => {
    const lost = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(toProblem(lost)).toMatchObject({ problem: { status: 503 }, headers: { 'Retry-After': '5' } });
    expect(toProblem(new UnavailableError('down', 30)).headers['Retry-After']).toBe('30');
  });

  it('keeps the field problems of a validation error and hides anything unexpected', () => {
    expect(toProblem(new ValidationError('bad', [{ field: 'x', reason: 'y' }])).problem.errors).toEqual([
      { field: 'x', reason: 'y' },
    ]);
    const unexpected = toProblem(new TypeError('cannot read properties of undefined at /srv/secret.ts'));
    expect(unexpected).toMatchObject({ problem: { status: 500 }, unexpected: true });
    expect(unexpected.problem.detail).not.toContain('secret');
  });
});
