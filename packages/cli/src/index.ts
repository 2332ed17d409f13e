export { type RunningAftercare, startAftercare } from './app.js';
export { createContext, type OwnedContext } from './context.js';
export { modulesFor, TARGETS, type Target } from './targets.js';
