import type { Migration } from 'kysely';
import * as complaints from './20261123T120000-complaints.js';
import * as clockDeadlines from './20261123T130000-clock-deadlines.js';
import * as teamsStaffEscalations from './20261123T140100-teams-staff-escalations.js';
import * as questionnaires from './20261123T180000-questionnaires.js';
import * as callbacks from './20261123T190000-callbacks.js';

/** The scheduler's migrations, named `YYYYMMDDTHHMMSS-what-it-does`. Never edit one that has landed. */
export const schedulerMigrations: Record<string, Migration> = {
  '20261123T120000-complaints': complaints,
  '20261123T130000-clock-deadlines': clockDeadlines,
  '20261123T140100-teams-staff-escalations': teamsStaffEscalations,
  '20261123T180000-questionnaires': questionnaires,
  '20261123T190000-callbacks': callbacks,
};
