export { roleAllows } from './roles.js';
export {
  type CreatedApiToken,
  createApiToken,
  isBootstrapToken,
  listApiTokens,
  type NewApiTokenInput,
  type Principal,
  ROLES,
  revokeApiToken,
  verifyApiToken,
} from './tokens.js';
