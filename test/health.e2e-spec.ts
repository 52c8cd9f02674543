// Liveness and readiness without signing in: the database asked (down: 503, the instance alive still); the mail
// route asked on its own (down: 503 there, while the instance stays ready, since the outbox keeps mail until it
// can leave).
import { createServer, type Server } from 'node:net';
import { DataSource } from 'typeorm';
import { captureLog, startApp, type TestApp } from './support/app';
import { setDatabaseReachable, testDialect } from './support/database';
import { smtpConfig, startSmtp, type TestSmtpServer } from './support/smtp';

describe('health', () => {
  let app: TestApp;
  afterEach(async () => app?.close());

  it('answers liveness and readiness without a token, mail written to files', async () => {
    app = await startApp({ demo: false });
    const live = await app.request('GET', '/api/health');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'ok' });
    const ready = await app.request('GET', '/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    const mail = await app.request('GET', '/api/health/mail');
    expect(mail.status).toBe(200);
    expect(mail.body).toMatchObject({ status: 'ok', info: { mail: { status: 'up', transport: 'files' } } });
  });

  it('checks the SMTP server, and answers 503 for mail alone when it does not answer', async () => {
    const smtp: TestSmtpServer = await startSmtp();
    try {
      app = await startApp({ demo: false, config: smtpConfig(smtp.port) });
      const up = await app.request('GET', '/api/health/mail');
      expect(up.status).toBe(200);
      expect(up.body.info.mail).toMatchObject({ status: 'up', transport: 'smtp', detail: `127.0.0.1:${smtp.port}` });
    } finally {
      await smtp.close();
    }
    // a port that accepts and says nothing: the check gives up after its timeout, the instance stays ready
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const port = (silent.address() as { port: number }).port;
    try {
      await app.close();
      app = await startApp({ demo: false, config: smtpConfig(port) });
      const down = await app.request('GET', '/api/health/mail');
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: 'error', error: { mail: { status: 'down', transport: 'smtp' } } });
      expect((await app.request('GET', '/api/health/ready')).status).toBe(200);
    } finally {
      silent.close();
    }
  }, 30_000);

  it('answers 503 for readiness while the database is down, the failed request logged with its id, and 200 once it is back', async () => {
    const log = captureLog();
    app = await startApp({ config: { log: { level: 'warn', format: 'json' } }, logDestination: log });
    const token = await app.as('lead');
    expect((await app.request('GET', '/api/health/ready')).status).toBe(200);

    // PostgreSQL: the database refuses connections and the open ones are ended; SQLite: the connection is closed
    const dataSource = app.app.get(DataSource);
    if (testDialect() === 'postgres') await setDatabaseReachable(app.config.database, false);
    else await dataSource.destroy();
    try {
      const ready = await app.request('GET', '/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
      expect((await app.request('GET', '/api/health')).status).toBe(200);

      const failed = await app.request('GET', '/api/tasks', { token, headers: { 'x-request-id': 'db-down-1' } });
      expect(failed.status).toBe(500);
      expect(failed.body).toMatchObject({ code: 'internal_error', message: 'Internal server error' });
      expect(failed.headers.get('x-request-id')).toBe('db-down-1');
      const lines = log.lines().filter((l) => l.reqId === 'db-down-1');
      expect(lines.find((l) => l.msg === 'unhandled error')).toMatchObject({
        level: 50,
        context: 'Errors',
        url: '/api/tasks',
        err: { message: expect.any(String), stack: expect.any(String) },
      });
      expect(lines.find((l) => l.res)).toMatchObject({ level: 50, res: { statusCode: 500 } });
      expect(log.lines().find((l) => l.res?.statusCode === 503)).toMatchObject({ level: 40 });
    } finally {
      if (testDialect() === 'postgres') await setDatabaseReachable(app.config.database, true);
      else await dataSource.initialize();
    }
    const back = await app.request('GET', '/api/health/ready');
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    expect((await app.request('GET', '/api/tasks', { token })).status).toBe(200);
  }, 60_000);
});
