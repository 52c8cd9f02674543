// Liveness and readiness without signing in: the database asked; the mail route asked on its own (down:
// 503 there, while the instance stays ready, since the outbox keeps mail until it can leave).
import { createServer, type Server } from 'node:net';
import { startApp, type TestApp } from './support/app';
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
});
