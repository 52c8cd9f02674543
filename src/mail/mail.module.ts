// Mail: the outbox features write to, the sender that delivers it, and the template renderer.
import { Global, Module } from '@nestjs/common';
import { MailSender } from './mail-sender';
import { MailRepository } from './mail.repository';
import { OutboxController } from './outbox.controller';
import { OutboxService } from './outbox.service';
import { TemplateRenderer } from './template-renderer';

@Global()
@Module({
  controllers: [OutboxController],
  providers: [MailRepository, TemplateRenderer, OutboxService, MailSender],
  exports: [TemplateRenderer, OutboxService, MailSender],
})
export class MailModule {}
