import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/config';
import { StartupService } from './startup.service';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  const startup = await app.get(StartupService).run();
  await app.listen(config.port, config.host);
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  const log = new Logger('Zhuanban');
  log.log(`listening on ${url}  (API ${url}/api, docs ${url}/api/docs)`);
  if (!config.publicUrl) {
    log.warn(
      `PUBLIC_URL is not set: links in mail and documents point to ${url}, which readers elsewhere cannot open; ` +
        'set PUBLIC_URL to the address the service is reached at (see README)',
    );
  }
  if (startup.demoLoaded)
    log.log(`demo plan loaded; demo sign-in: see README (e.g. lead@tianshui.example.cn / Demo-lead-2023)`);
  if (startup.generatedAdmin) {
    // Printed once: the account exists from now on and the password is not stored anywhere readable.
    console.log(
      `\n  First admin created: ${startup.generatedAdmin.email}  password: ${startup.generatedAdmin.password}\n` +
        `  (shown once; set ADMIN_EMAIL and ADMIN_PASSWORD to choose them)\n`,
    );
  }
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    console.error(e.message);
  } else {
    console.error(e);
  }
  process.exit(1);
});
