export { type RunningAftercare, startAftercare } from './app.js';
export { createContext, type OwnedContext } from './context.js';
export { modulesFor, type Target, TARGETS } from './targets.js';
