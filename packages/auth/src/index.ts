export { roleAllows } from './roles.js';
export {
  type CreatedApiToken,
  createApiToken,
  hashToken,
  isBootstrapToken,
  listApiTokens,
  type NewApiTokenInput,
  type Principal,
  ROLES,
  revokeApiToken,
  tokenName,
  verifyApiToken,
} from './tokens.js';
