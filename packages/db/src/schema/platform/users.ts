import type { Generated, Insertable, Selectable } from 'kysely';

export type Role = 'admin' | 'supervisor' | 'agent' | 'marketing' | 'ingest';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  /** Where staff are reached when an escalation cannot wait (E.164). */
  phone: string | null;
  /** Set when people sign in to the console (sessions come with the console). */
  password_hash: string | null;
  disabled_at: Date | null;
  created_at: Generated<Date>;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
