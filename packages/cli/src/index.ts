export { type RunningAftercare, startAftercare } from './app.js';
export { TARGETS, type Target } from './target-names.js';
export { modulesFor } from './targets.js';
