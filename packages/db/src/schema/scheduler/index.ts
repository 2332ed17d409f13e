import type { CallbackAnswersTable, CallbacksTable } from './callbacks.js';
import type {
  ComplaintHistoryTable,
  ComplaintRefsTable,
  ComplaintsTable,
  ComplaintTasksTable,
} from './complaints.js';
import type { QuestionnairesTable, QuestionnaireVersionsTable } from './questionnaires.js';
import type { ClockDeadlinesTable, ComplaintClocksTable, SlaPoliciesTable } from './sla.js';
import type { EscalationsTable, StaffTable, TeamsTable } from './staff.js';

export type * from './callbacks.js';
export type * from './complaints.js';
export type * from './questionnaires.js';
export type * from './sla.js';
export type * from './staff.js';

/**
 * The scheduler's tables: complaints, their refs, history and clocks, SLA policies, teams, staff,
 * escalations, questionnaires and their versions, callbacks and their answers.
 */
export interface SchedulerTables {
  complaints: ComplaintsTable;
  complaint_refs: ComplaintRefsTable;
  complaint_history: ComplaintHistoryTable;
  complaint_clocks: ComplaintClocksTable;
  complaint_tasks: ComplaintTasksTable;
  sla_policies: SlaPoliciesTable;
  clock_deadlines: ClockDeadlinesTable;
  teams: TeamsTable;
  staff: StaffTable;
  escalations: EscalationsTable;
  questionnaires: QuestionnairesTable;
  questionnaire_versions: QuestionnaireVersionsTable;
  callbacks: CallbacksTable;
  callback_answers: CallbackAnswersTable;
}
