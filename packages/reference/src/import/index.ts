export { type ImportEntity, type ImportTarget, isImportEntity, type WriteOptions } from './entities.js';
export { ImportSyntaxError } from './errors.js';
export {
  type BatchWriter,
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
  importFile,
  MAX_LISTED_PROBLEMS,
} from './import-file.js';
export type { ImportProblem } from './problem-list.js';
export type { ImportFormat } from './read-records.js';
