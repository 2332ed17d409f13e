import type { Migration } from 'kysely';
import * as referenceModel from './20261122T120000-reference-model.js';
import * as platformTables from './20261122T120100-platform-tables.js';
import * as customerErasure from './20261123T100000-customer-erasure.js';
import * as peopleBehindTokens from './20261123T140000-people-behind-tokens.js';

/** The platform's migrations. Never edit one that has landed. */
export const platformMigrations: Record<string, Migration> = {
  '20261122T120000-reference-model': referenceModel,
  '20261122T120100-platform-tables': platformTables,
  '20261123T100000-customer-erasure': customerErasure,
  '20261123T140000-people-behind-tokens': peopleBehindTokens,
};
