export { createLogger, type Logger, type LogLevel } from './logger.js';
export { maskEmail, maskPhone, maskSensitive } from './mask.js';
