import type { Migration } from 'kysely';
import * as referenceModel from './20261122T120000-reference-model.js';
import * as platformTables from './20261122T120100-platform-tables.js';

/** Every migration, by name; names sort in the order they apply. Never edit one that has landed. */
export const migrations: Record<string, Migration> = {
  '20261122T120000-reference-model': referenceModel,
  '20261122T120100-platform-tables': platformTables,
};
