export { type AftercareConfig, ConfigError, readEnv, toConfig, type RawEnv } from './config.js';
export { CONFIG_VARIABLES } from './variables.js';
