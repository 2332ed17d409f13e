export { roleAllows } from './roles.js';
export {
  createApiToken,
  hashToken,
  isBootstrapToken,
  listApiTokens,
  type Principal,
  ROLES,
  revokeApiToken,
  verifyApiToken,
} from './tokens.js';
