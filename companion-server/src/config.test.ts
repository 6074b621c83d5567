import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_PORT, isLoopbackHost, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to loopback, port 8765, 100 MB uploads and no test fixtures', () => {
    const c = loadConfig({}, {});
    expect(c).toMatchObject({ host: '127.0.0.1', port: DEFAULT_PORT, maxUploadBytes: 100 * 2 ** 20, allowTestFixtures: false, executionProvider: 'auto' });
    expect(c.modelsDir).toMatch(/models$/);
    expect(c.configDir).toMatch(/\.config\/veracall$/);
  });

  it('reads the environment, and explicit overrides win', () => {
    const env = {
      HOST: '0.0.0.0',
      PORT: '9000',
      VERACALL_MODELS_DIR: '/m',
      VERACALL_CONFIG_DIR: '/c',
      VERACALL_ALLOWED_ORIGINS: 'chrome-extension://a, moz-extension://b',
      VERACALL_MAX_UPLOAD_MB: '5',
      LOG_LEVEL: 'debug',
    };
    const c = loadConfig({ port: 9100 }, env);
    expect(c).toMatchObject({ host: '0.0.0.0', port: 9100, modelsDir: '/m', configDir: '/c', maxUploadBytes: 5 * 2 ** 20, logLevel: 'debug' });
    expect(c.allowedOrigins).toEqual(['chrome-extension://a', 'moz-extension://b']);
  });

  it('never lets the environment allow test fixtures', () => {
    expect(loadConfig({}, { VERACALL_ALLOW_TEST_FIXTURES: '1', allowTestFixtures: 'true' } as NodeJS.ProcessEnv).allowTestFixtures).toBe(false);
  });

  it.each([{ PORT: 'eighty' }, { PORT: '70000' }, { LOG_LEVEL: 'loud' }, { VERACALL_EXECUTION_PROVIDER: 'tpu' }])('rejects %j at start-up', (env) => {
    expect(() => loadConfig({}, env)).toThrow(ConfigError);
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', 'localhost', '::1', '127.1.2.3'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.1.2', 'example.com'].some(isLoopbackHost)).toBe(false);
  });
});
