export { createLogger, type Logger, type LogLevel } from './logger.js';
export { maskEmail, maskError, maskPhone, maskSensitive } from './mask.js';
