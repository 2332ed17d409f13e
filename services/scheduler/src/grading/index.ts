export { gradeComplaint } from './grade-complaint.js';
export type { Regrade } from './regrade.js';
export { regradeComplaint } from './regrade.js';
export type { GradingRules } from './rules.js';
export { DEFAULT_GRADING_RULES, gradingRulesSchema } from './rules.js';
export type {
  ComplaintCategory,
  ComplaintChannel,
  Grade,
  GradeReason,
  GradingInput,
  Level,
  UrgentGroup,
} from './types.js';
export { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, URGENT_GROUPS } from './types.js';
