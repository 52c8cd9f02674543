// A supervision notice reaches its unit like an assigned task: the unit acknowledges receipt (签收), on time or not.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AcknowledgementsService } from '../acknowledgements/acknowledgements.service';
import { SupervisionEvents } from './supervision-events';

@Injectable()
export class SupervisionAcknowledgements implements OnModuleInit {
  constructor(
    private readonly events: SupervisionEvents,
    private readonly acknowledgements: AcknowledgementsService,
  ) {}

  onModuleInit(): void {
    this.events.onIssued((notice) =>
      this.acknowledgements.request('supervision_notice', notice.id, notice.taskId, [notice.unitId]),
    );
  }
}
