// The owners attachments belong to, by type: each owner type registers a resolver that finds an owner by id and
// names its task, meeting and acting unit. The attachments module registers the built-in owners from their
// features' repositories (it sits above them: reports, tasks and meetings never import attachments); a feature
// above attachments (supervision replies) registers its own owner type from its module's onModuleInit.
import { Injectable } from '@nestjs/common';

/** What access to an owner's attachments depends on. */
export interface AttachmentOwner {
  taskId: number | null;
  meetingId: number | null;
  /** The unit acting on the owner (a report's unit, a request's lead unit); null: the office's (meetings). */
  unitId: number | null;
  /**
   * Whether the owner still takes changes by its uploaders (a report awaiting review, a pending request); the
   * office removes attachments whatever the state. Missing: editable.
   */
  editable?: boolean;
}

/** Finds an owner by id; null when there is none (a 404 naming the owner). */
export type AttachmentOwnerResolver = (ownerId: number) => Promise<AttachmentOwner | null>;

@Injectable()
export class AttachmentOwnersRegistry {
  private readonly resolvers = new Map<string, AttachmentOwnerResolver>();

  register(ownerType: string, resolver: AttachmentOwnerResolver): void {
    if (this.resolvers.has(ownerType)) throw new Error(`attachment owner type ${ownerType} is registered twice`);
    this.resolvers.set(ownerType, resolver);
  }

  has(ownerType: string): boolean {
    return this.resolvers.has(ownerType);
  }

  types(): string[] {
    return [...this.resolvers.keys()];
  }

  resolve(ownerType: string, ownerId: number): Promise<AttachmentOwner | null> {
    const resolver = this.resolvers.get(ownerType);
    return resolver ? resolver(ownerId) : Promise.resolve(null);
  }
}
