import { z } from '@hono/zod-openapi';

/** `usr_3` for user row 3: how the API and the events name a person. */
export function userPublicId(id: number): string {
  return `usr_${id}`;
}

/** The row id of a `usr_3` that `userRef` accepted. */
export function userRowId(ref: string): number {
  return Number(ref.slice('usr_'.length));
}

export const userRef = z
  .string({ error: 'expected a user id like usr_3' })
  .regex(/^usr_\d{1,15}$/, { error: 'expected a user id like usr_3' });

/** A team's key: what complaints are routed by and what `team` names everywhere. */
export const teamKey = z.string({ error: 'expected a team key' }).regex(/^[a-z][a-z0-9_-]{0,39}$/, {
  error: 'expected a team key: lower-case letters, digits, - and _, up to 40, starting with a letter',
});
