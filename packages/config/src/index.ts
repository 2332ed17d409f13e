export { type AftercareConfig, ConfigError, type RawEnv, readEnv, toConfig } from './config.js';
export { CONFIG_VARIABLES, type VariableName } from './variables.js';
