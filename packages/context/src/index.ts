export { type ContextOverrides, createContext, type OwnedContext, withContext } from './create-context.js';
