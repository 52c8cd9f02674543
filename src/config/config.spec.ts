import { ConfigError, databaseDialect, loadConfig } from './config';

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

  it('runs on the embedded SQLite file unless DATABASE_URL names a PostgreSQL database', () => {
    expect(databaseDialect(loadConfig({}))).toBe('sqlite');
    const pg = loadConfig({ DATABASE_URL: 'postgres://zb:secret@db.example.cn:5432/zhuanban' });
    expect(databaseDialect(pg)).toBe('postgres');
    expect(pg.database.url).toBe('postgres://zb:secret@db.example.cn:5432/zhuanban');
  });

  it('trusts no proxy by default, and the addresses TRUST_PROXY lists', () => {
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8']);
  });

  it('logs JSON in production and readable text elsewhere, unless LOG_FORMAT says which', () => {
    expect(loadConfig({}).log).toEqual({ level: 'info', format: 'pretty' });
    expect(loadConfig({ NODE_ENV: 'production' }).log.format).toBe('json');
    expect(loadConfig({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }).log.format).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json', LOG_LEVEL: 'warn' }).log).toEqual({ level: 'warn', format: 'json' });
  });

  it('keeps separation of duties on by default, and SEPARATION_OF_DUTIES turns it off', () => {
    expect(loadConfig({}).security.separationOfDuties).toBe(true);
    expect(loadConfig({ SEPARATION_OF_DUTIES: 'false' }).security.separationOfDuties).toBe(false);
    expect(loadConfig({ SEPARATION_OF_DUTIES: 'true' }).security.separationOfDuties).toBe(true);
  });

  it('requires no second factor and lets passwords age by default; TOTP_REQUIRED_ROLES lists the roles that must', () => {
    const auth = loadConfig({}).auth;
    expect([auth.totpRequiredRoles, auth.passwordMaxAgeDays, auth.passwordHistory]).toEqual([[], 0, 0]);
    const set = loadConfig({ TOTP_REQUIRED_ROLES: 'admin, lead', PASSWORD_MAX_AGE_DAYS: '90', PASSWORD_HISTORY: '5' });
    expect([set.auth.totpRequiredRoles, set.auth.passwordMaxAgeDays, set.auth.passwordHistory]).toEqual([
      ['admin', 'lead'],
      90,
      5,
    ]);
  });

  it.each([
    [{ LOG_FORMAT: 'xml' }, /^Configuration error: log\.format \(env LOG_FORMAT\): /],
    [
      { TOTP_REQUIRED_ROLES: 'admin,boss' },
      /^Configuration error: auth\.totpRequiredRoles\.1 \(env TOTP_REQUIRED_ROLES\): /,
    ],
    [{ PASSWORD_MAX_AGE_DAYS: '-1' }, /^Configuration error: auth\.passwordMaxAgeDays \(env PASSWORD_MAX_AGE_DAYS\): /],
    [
      { DATABASE_URL: 'mysql://x@h/db' },
      /^Configuration error: database\.url \(env DATABASE_URL\): expected postgres:/,
    ],
    [{ TRUST_PROXY: 'everyone' }, /^Configuration error: trustProxy\.0 \(env TRUST_PROXY\): expected an IP address/],
    [{ PORT: 'eighty' }, /^Configuration error: port \(env PORT\): /],
    [{ DEMO: 'maybe' }, /^Configuration error: demo\.load \(env DEMO\): expected true or false/],
    [{ ZHUANBAN_TODAY: '2023-9-1' }, /^Configuration error: clock\.today \(env ZHUANBAN_TODAY\): expected a date/],
    [{ ADMIN_PASSWORD: 'short' }, /^Configuration error: admin\.password \(env ADMIN_PASSWORD\): must be at least 12/],
    [
      { SEPARATION_OF_DUTIES: 'maybe' },
      /^Configuration error: security\.separationOfDuties \(env SEPARATION_OF_DUTIES\): /,
    ],
    [{ TZ_TASK_FORCE: 'Mars/Olympus' }, /^Configuration error: clock\.timeZone .*unknown time zone/],
  ])('stops with one line naming the key for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
