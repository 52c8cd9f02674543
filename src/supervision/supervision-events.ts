// The hook point of an issued notice: features that act on a notice (asking the unit to acknowledge it) register
// a listener; with none registered, issuing does nothing more. Listeners run inside the issuing transaction, so
// what they write commits or rolls back with the notice.
import { Injectable } from '@nestjs/common';
import type { SupervisionNotice } from './supervision-notice.entity';

export type NoticeIssuedListener = (notice: SupervisionNotice) => Promise<void> | void;

@Injectable()
export class SupervisionEvents {
  private readonly listeners: NoticeIssuedListener[] = [];

  /** Registers a listener for every notice issued from now on (call it in onModuleInit). */
  onIssued(listener: NoticeIssuedListener): void {
    this.listeners.push(listener);
  }

  /** Called by the supervision service once a notice is recorded. */
  async noticeIssued(notice: SupervisionNotice): Promise<void> {
    for (const listener of this.listeners) await listener(notice);
  }
}
