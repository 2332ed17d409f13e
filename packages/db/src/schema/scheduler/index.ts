import type {
  ComplaintHistoryTable,
  ComplaintRefsTable,
  ComplaintsTable,
  ComplaintTasksTable,
} from './complaints.js';
import type { ClockDeadlinesTable, ComplaintClocksTable, SlaPoliciesTable } from './sla.js';
import type { EscalationsTable, StaffTable, TeamsTable } from './staff.js';

export type * from './complaints.js';
export type * from './sla.js';
export type * from './staff.js';

/** The scheduler's tables: complaints, their refs, history and clocks, SLA policies, teams, staff, escalations. */
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
}
