// Channels beside email: WeCom and DingTalk group robots, JSON webhooks and SMS. The router adds a copy per channel
// when a message for a unit is enqueued; the sender hands the copies the MailSender claims to the channels' servers.
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { ChannelClients } from './channel-clients';
import { ChannelRouterService } from './channel-router';
import { ChannelSender } from './channel-sender';
import { ChannelPreferencesController, UnitChannelsController } from './channels.controller';
import { ChannelsRepository } from './channels.repository';
import { ChannelsService } from './channels.service';

@Module({
  imports: [AccountsModule],
  controllers: [UnitChannelsController, ChannelPreferencesController],
  providers: [ChannelsRepository, ChannelClients, ChannelRouterService, ChannelSender, ChannelsService],
  exports: [ChannelsService, ChannelsRepository],
})
export class ChannelsModule {}
