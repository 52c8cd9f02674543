// Attachments (附件): files uploaded on a report, a closing or extension request, a meeting or a decision, kept
// once per content (SHA-256) in the AttachmentStore, listed by owner, task and meeting, served with their original
// names, and removed softly with a reason. Who may do what is the policy's (attachment.read/upload/delete) on an
// object built from the owner the registry resolves.
import { createHash } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import {
  assertCan,
  attachmentObject,
  attachmentReadObject,
  attachmentUploadActions,
  attachmentUploadObject,
  can,
  meetingObject,
  scopeOf,
  type Action,
  type TaskUnits,
} from '../access';
import type { Actor } from '../auth/actor';
import { SYSTEM_ACTOR } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { ClockService } from '../common/clock.service';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MeetingsRepository } from '../meetings/meetings.repository';
import type { Task } from '../tasks/task.entity';
import { TasksRepository } from '../tasks/tasks.repository';
import { TasksService } from '../tasks/tasks.service';
import { acceptedType, checkFilename, checkZip, extensionOf } from './attachment-checks';
import { AttachmentOwnersRegistry, type AttachmentOwner } from './attachment-owners.registry';
import { ATTACHMENT_STORE, type AttachmentStore } from './attachment-store';
import type { Attachment } from './attachment.entity';
import { AttachmentsRepository, type LoadedAttachment } from './attachments.repository';
import type { UploadLimits, UploadedFile } from './uploaded-files';

/** An attachment as the API and other features see it. */
export interface AttachmentView {
  id: number;
  ownerType: string;
  ownerId: number;
  taskId: number | null;
  meetingId: number | null;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: Date;
  uploadedBy: { id: number; displayName: string } | null;
  /** What the caller may do to the attachment now (attachment.delete). */
  allowedActions: Action[];
}

/** An owner found and checked for upload: what the files are stored under. */
export interface UploadTarget {
  ownerType: string;
  ownerId: number;
  owner: AttachmentOwner;
}

const OWNER_ZH: Record<string, string> = {
  report: '进展',
  closing_request: '办结申请',
  extension_request: '延期申请',
  meeting: '会商会议',
  decision: '议定事项',
  supervision_reply: '督办回复',
};

const taskUnitsOf = (task: Task): TaskUnits => ({
  leadUnitId: task.leadUnitId,
  supportingUnitIds: (task.supportingUnits ?? []).map((u) => u.id),
});

const AUDITED: (keyof Attachment)[] = [
  'ownerType',
  'ownerId',
  'taskId',
  'meetingId',
  'filename',
  'contentType',
  'size',
  'blobSha256',
];

/** An ASCII name for clients that do not read RFC 5987 names: the name itself when it is ASCII. */
function asciiName(a: { id: number; filename: string }): string {
  if (/^[\x20-\x7e]+$/.test(a.filename)) return a.filename;
  const ext = extensionOf(a.filename);
  return `attachment-${a.id}${ext ? `.${ext}` : ''}`;
}

@Injectable()
export class AttachmentsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ATTACHMENT_STORE) private readonly blobs: AttachmentStore,
    readonly registry: AttachmentOwnersRegistry,
    private readonly attachments: AttachmentsRepository,
    private readonly tasks: TasksRepository,
    private readonly taskService: TasksService,
    private readonly meetings: MeetingsRepository,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
  ) {}

  get limits(): UploadLimits {
    return this.config.attachments;
  }

  // --- owners and their access objects ---

  private async owner(ownerType: string, ownerId: number): Promise<AttachmentOwner> {
    if (!this.registry.has(ownerType)) {
      throw new InvalidFieldError(
        'ownerType',
        `one of: ${this.registry.types().join(', ')}`,
        `须为以下之一：${this.registry.types().join('、')}`,
        'unknown_owner_type',
      );
    }
    const owner = await this.registry.resolve(ownerType, ownerId);
    if (!owner) throw new NotFoundError(ownerType, ownerId, OWNER_ZH[ownerType] ?? ownerType);
    return owner;
  }

  /** The owner's task as the policy sees it (lead and supporting units), and its meeting when it has no task. */
  private async context(owner: { taskId: number | null; meetingId: number | null }) {
    const loaded = owner.taskId !== null ? await this.tasks.findWithRelations(owner.taskId) : null;
    const meeting = owner.meetingId !== null && !loaded ? await this.meetings.findWithUnits(owner.meetingId) : null;
    return { task: loaded && taskUnitsOf(loaded), meeting };
  }

  private async assertReads(actor: Actor, owner: AttachmentOwner): Promise<void> {
    const { task, meeting } = await this.context(owner);
    assertCan(actor, 'attachment.read', attachmentReadObject(owner, task, meeting), {
      en: 'These attachments belong to other units',
      zh: '这些附件不属于本单位',
    });
  }

  private actions(actor: Actor, a: Attachment, owner?: AttachmentOwner): Action[] {
    const object = attachmentObject(a);
    if (!can(actor, 'attachment.delete', object)) return [];
    if (scopeOf(actor, 'attachment.delete') === 'own' && owner && owner.editable === false) return [];
    return ['attachment.delete'];
  }

  private view(actor: Actor, a: LoadedAttachment, owner?: AttachmentOwner): AttachmentView {
    return {
      id: a.id,
      ownerType: a.ownerType,
      ownerId: a.ownerId,
      taskId: a.taskId,
      meetingId: a.meetingId,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      sha256: a.blobSha256,
      createdAt: a.createdAt,
      uploadedBy: a.uploadedBy ? { id: a.uploadedBy.id, displayName: a.uploadedBy.displayName } : null,
      allowedActions: this.actions(actor, a, owner),
    };
  }

  // --- upload ---

  /**
   * The owner the files are for, once the actor is found to be allowed to upload on it: checked before the body
   * is read, so that a refused upload reads nothing.
   */
  async uploadTarget(actor: Actor, ownerType: string, ownerId: number): Promise<UploadTarget> {
    const owner = await this.owner(ownerType, ownerId);
    await this.assertReads(actor, owner);
    assertCan(actor, 'attachment.upload', attachmentUploadObject(owner), {
      en: 'Only the unit acting on it, or the office, adds attachments here',
      zh: '只有相关单位或专班办公室可以在此添加附件',
    });
    if (!attachmentUploadActions(actor, owner).length) {
      throw new ConflictError(
        `This ${ownerType} takes no more attachments: it has been decided`,
        `该${OWNER_ZH[ownerType] ?? ownerType}已处理，不再接收附件`,
        'owner_closed',
      );
    }
    return { ownerType, ownerId, owner };
  }

  /** Checks every file, then stores them all in one transaction: one refused file stores none. */
  async store(actor: Actor, target: UploadTarget, files: UploadedFile[]): Promise<AttachmentView[]> {
    const checked: { filename: string; contentType: string; content: Buffer; sha256: string }[] = [];
    for (const f of files) {
      const filename = checkFilename(f.filename);
      const { contentType, zip } = await acceptedType(filename, f.content);
      if (zip) await checkZip(f.content);
      checked.push({
        filename,
        contentType,
        content: f.content,
        sha256: createHash('sha256').update(f.content).digest('hex'),
      });
    }
    const ids = await this.txHost.withTransaction(async () => {
      const out: number[] = [];
      for (const c of checked) {
        await this.blobs.put(c.sha256, c.content);
        const row = await this.attachments.insert({
          blobSha256: c.sha256,
          ownerType: target.ownerType,
          ownerId: target.ownerId,
          taskId: target.owner.taskId,
          meetingId: target.owner.meetingId,
          filename: c.filename,
          contentType: c.contentType,
          size: c.content.length,
          uploadedById: actor.id || null,
          unitId: target.owner.unitId,
          createdAt: this.clock.now(),
          deletedAt: null,
          deletedById: null,
          deleteReason: null,
        });
        await this.audit.recordCreate(actor, 'attachment', row.id, row, AUDITED);
        out.push(row.id);
      }
      return out;
    });
    const rows = await this.attachments.ofOwner(target.ownerType, target.ownerId);
    return rows.filter((r) => ids.includes(r.id)).map((r) => this.view(actor, r, target.owner));
  }

  // --- reading ---

  async listForOwner(actor: Actor, ownerType: string, ownerId: number): Promise<AttachmentView[]> {
    const owner = await this.owner(ownerType, ownerId);
    await this.assertReads(actor, owner);
    return (await this.attachments.ofOwner(ownerType, ownerId)).map((a) => this.view(actor, a, owner));
  }

  /** Every attachment of the task's reports, requests and replies the actor may read. */
  async listForTaskOf(actor: Actor, taskId: number): Promise<AttachmentView[]> {
    const task = taskUnitsOf(await this.taskService.findReadable(actor, taskId));
    const rows = await this.attachments.ofTask(taskId);
    return rows
      .filter((a) => can(actor, 'attachment.read', attachmentReadObject(a, task, null)))
      .map((a) => this.view(actor, a));
  }

  async listForMeeting(actor: Actor, meetingId: number): Promise<AttachmentView[]> {
    const meeting = await this.meetings.findWithUnits(meetingId);
    if (!meeting) throw new NotFoundError('Meeting', meetingId, '会商会议');
    assertCan(actor, 'attachment.read', meetingObject(meeting), {
      en: 'This meeting is other units’',
      zh: '该会议不属于本单位',
    });
    return (await this.attachments.ofMeeting(meetingId)).map((a) => this.view(actor, a));
  }

  /** The attachment, if the actor may read it: 404 when it does not exist or was removed, 403 when another unit's. */
  private async readable(actor: Actor, id: number): Promise<{ a: LoadedAttachment; owner: AttachmentOwner | null }> {
    const a = await this.attachments.findLoaded(id);
    if (!a || a.deletedAt) throw new NotFoundError('Attachment', id, '附件');
    const owner = this.registry.has(a.ownerType) ? await this.registry.resolve(a.ownerType, a.ownerId) : null;
    const { task, meeting } = await this.context(a);
    assertCan(actor, 'attachment.read', attachmentReadObject(a, task, meeting), {
      en: 'This attachment belongs to other units',
      zh: '该附件不属于本单位',
    });
    return { a, owner };
  }

  async get(actor: Actor, id: number): Promise<AttachmentView> {
    const { a, owner } = await this.readable(actor, id);
    return this.view(actor, a, owner ?? undefined);
  }

  /** The file to send: its bytes, type, and names (RFC 5987 and ASCII). */
  async download(
    actor: Actor,
    id: number,
  ): Promise<{ filename: string; asciiFilename: string; contentType: string; content: Buffer }> {
    await this.readable(actor, id);
    const file = await this.content(id);
    return { ...file, asciiFilename: asciiName({ id, filename: file.filename }) };
  }

  // --- removal ---

  /** Removes the attachment softly, with a reason and an audit row; its content stays while anything names it. */
  async remove(actor: Actor, id: number, reason: string): Promise<AttachmentView> {
    await this.txHost.withTransaction(async () => {
      const { a, owner } = await this.readable(actor, id);
      assertCan(actor, 'attachment.delete', attachmentObject(a), {
        en: 'Only its uploader, or the office, removes an attachment',
        zh: '只有上传者本人或专班办公室可以删除附件',
      });
      if (scopeOf(actor, 'attachment.delete') === 'own' && owner?.editable === false) {
        throw new ConflictError(
          'The attachment’s owner has been decided: only the office removes it now',
          '附件所属事项已处理，现只能由专班办公室删除',
          'owner_closed',
        );
      }
      const at = this.clock.now();
      if (!(await this.attachments.softDelete(id, at, actor.id || null, reason))) {
        throw new NotFoundError('Attachment', id, '附件');
      }
      await this.audit.record(actor, 'attachment', id, 'delete', [
        { field: 'deletedAt', from: null, to: at },
        { field: 'deleteReason', from: null, to: reason },
      ]);
    });
    const a = await this.attachments.findLoaded(id);
    return this.view(actor, a as LoadedAttachment);
  }

  // --- hooks for other features (dossiers, supervision replies) ---

  /** The task's attachments not removed, every owner's, oldest first; for the system (no access check). */
  async listForTask(taskId: number): Promise<AttachmentView[]> {
    return (await this.attachments.ofTask(taskId)).map((a) => this.view(SYSTEM_ACTOR, a));
  }

  /** The attachment's name, type and bytes (no access check: the caller has made it). */
  async content(id: number): Promise<{ filename: string; contentType: string; content: Buffer }> {
    const a = await this.attachments.findLoaded(id);
    if (!a || a.deletedAt) throw new NotFoundError('Attachment', id, '附件');
    const content = await this.blobs.get(a.blobSha256);
    if (!content) throw new NotFoundError('Attachment content', id, '附件内容');
    return { filename: a.filename, contentType: a.contentType, content };
  }
}
