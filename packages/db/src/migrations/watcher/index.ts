import type { Migration } from 'kysely';
import * as mentionsAndRiskCells from './20261123T150000-mentions-and-risk-cells.js';
import * as riskAlerts from './20261123T170000-risk-alerts.js';
import * as mapReadIndexes from './20261123T180100-map-read-indexes.js';

/** The watcher's migrations, named `YYYYMMDDTHHMMSS-what-it-does`. Never edit one that has landed. */
export const watcherMigrations: Record<string, Migration> = {
  '20261123T150000-mentions-and-risk-cells': mentionsAndRiskCells,
  '20261123T170000-risk-alerts': riskAlerts,
  '20261123T180100-map-read-indexes': mapReadIndexes,
};
