import type { Generated, Insertable, Selectable } from 'kysely';
import type { Role } from './users.js';

export interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  role: Role;
  /** The person the token belongs to, when it is a person's and not a machine's. */
  user_id: number | null;
  /** SHA-256 of the token, hex; the token itself is shown once and never stored. */
  token_hash: string;
  /** The first characters of the token, so a person can tell tokens apart in a list. */
  token_prefix: string;
  created_by: string;
  created_at: Generated<Date>;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export type ApiToken = Selectable<ApiTokensTable>;
export type NewApiToken = Insertable<ApiTokensTable>;
