// Acknowledgements (签收): the table and the request hook, with no dependency on the features that call it (tasks,
// instructions, supervision notices), so each of them can import it.
import { Module } from '@nestjs/common';
import { AcknowledgementsRepository } from './acknowledgements.repository';
import { AcknowledgementsService } from './acknowledgements.service';

@Module({
  providers: [AcknowledgementsRepository, AcknowledgementsService],
  exports: [AcknowledgementsService, AcknowledgementsRepository],
})
export class AcknowledgementsModule {}
