import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('reads the defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.clock.timeZone).toBe('Asia/Shanghai');
  });

  it('takes environment variables over the file', () => {
    const c = loadConfig({ PORT: '8081', DATABASE_PATH: '/tmp/x.sqlite', DEMO: 'false' });
    expect(c.port).toBe(8081);
    expect(c.database.path).toBe('/tmp/x.sqlite');
    expect(c.demo.load).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, /^Configuration error: port \(env PORT\): /],
    [{ DEMO: 'maybe' }, /^Configuration error: demo\.load \(env DEMO\): expected true or false/],
    [{ ZHUANBAN_TODAY: '2023-9-1' }, /^Configuration error: clock\.today \(env ZHUANBAN_TODAY\): expected a date/],
    [{ ADMIN_PASSWORD: 'short' }, /^Configuration error: admin\.password \(env ADMIN_PASSWORD\): must be at least 10/],
    [{ TZ_TASK_FORCE: 'Mars/Olympus' }, /^Configuration error: clock\.timeZone .*unknown time zone/],
  ])('stops with one line naming the key for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
