// A supervision reply (督办反馈) as an owner of attachments: its unit's liaison adds the evidence of what was done.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AttachmentOwnersRegistry } from '../attachments/attachment-owners.registry';
import { SupervisionService } from './supervision.service';

@Injectable()
export class SupervisionAttachmentOwner implements OnModuleInit {
  constructor(
    private readonly registry: AttachmentOwnersRegistry,
    private readonly supervision: SupervisionService,
  ) {}

  onModuleInit(): void {
    this.registry.register('supervision_reply', async (id) => {
      const reply = await this.supervision.findReply(id);
      return reply && { taskId: reply.taskId, meetingId: null, unitId: reply.unitId, editable: true };
    });
  }
}
