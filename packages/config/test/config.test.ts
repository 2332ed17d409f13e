import { describe, expect, it } from 'vitest';
import { ConfigError, readEnv, toConfig } from '../src/index.js';

describe('toConfig', () => {
  it('stores CORS origins as browsers send them', () => {
    const config = toConfig(
      readEnv({ CORS_ORIGINS: 'https://care.example.com/, https://Other.Example.com' }),
    );
    expect(config.http.corsOrigins).toEqual(['https://care.example.com', 'https://other.example.com']);
  });

  it('fills the documented defaults', () => {
    const config = toConfig(readEnv({}));
    expect(config.http.port).toBe(8080);
    expect(config.db.url).toBeUndefined();
    expect(config.db.dataDir).toBe('./.aftercare');
    expect(config.log.level).toBe('info');
    expect(config.shutdownTimeoutMs).toBe(10_000);
  });

  it('reads typed values and ignores empty strings', () => {
    const config = toConfig(
      readEnv({ PORT: '9000', DATABASE_URL: 'postgres://127.0.0.1/test', LOG_LEVEL: 'debug', HOST: '' }),
    );
    expect(config.http.port).toBe(9000);
    expect(config.http.host).toBe('127.0.0.1');
    expect(config.db.url).toBe('postgres://127.0.0.1/test');
    expect(config.log.level).toBe('debug');
  });

  it.each([
    ['PORT', 'abc', 'PORT: expected an integer from 0 to 65535 (got "abc")'],
    ['PORT', '70000', 'PORT: expected an integer from 0 to 65535 (got "70000")'],
    [
      'DATABASE_URL',
      'mysql://x',
      'DATABASE_URL: expected a postgres:// or postgresql:// URL (got a value of 9 characters)',
    ],
    [
      'LOG_LEVEL',
      'loud',
      'LOG_LEVEL: expected fatal, error, warn, info, debug, trace or silent (got "loud")',
    ],
    [
      'AFTERCARE_BOOTSTRAP_TOKEN',
      'short',
      'AFTERCARE_BOOTSTRAP_TOKEN: must be at least 24 characters (got a value of 5 characters)',
    ],
    ['METRICS_PUBLIC', 'maybe', 'METRICS_PUBLIC: expected true or false (got "maybe")'],
    [
      'CORS_ORIGINS',
      'https://care.example.com/app',
      'CORS_ORIGINS: expected origins like https://care.example.com (got "https://care.example.com/app")',
    ],
    [
      'AFTERCARE_BOOTSTRAP_TOKEN',
      'a bootstrap token with spaces in it',
      'AFTERCARE_BOOTSTRAP_TOKEN: must not contain spaces',
    ],
  ])('rejects a bad %s with one line naming it', (name, value, message) => {
    const attempt = () => toConfig(readEnv({ [name]: value }));
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });
});
