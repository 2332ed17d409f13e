import type { ComplaintHistoryTable, ComplaintRefsTable, ComplaintsTable } from './complaints.js';
import type { ClockDeadlinesTable, ComplaintClocksTable, SlaPoliciesTable } from './sla.js';

export type * from './complaints.js';
export type * from './sla.js';

/** The scheduler's tables: complaints, their refs, history and clocks, and the SLA policies. */
export interface SchedulerTables {
  complaints: ComplaintsTable;
  complaint_refs: ComplaintRefsTable;
  complaint_history: ComplaintHistoryTable;
  complaint_clocks: ComplaintClocksTable;
  sla_policies: SlaPoliciesTable;
  clock_deadlines: ClockDeadlinesTable;
}
