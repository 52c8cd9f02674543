// The attachment tables: the uploads (attachment) and their stored contents (attachment_blob, the database
// AttachmentStore). The only code touching them.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { ClockService } from '../common/clock.service';
import { dialectOf, numbered, toDate } from '../database/sql';
import { User } from '../users/user.entity';
import { Attachment, AttachmentBlob } from './attachment.entity';
import type { AttachmentStore } from './attachment-store';

/** An attachment with its uploader's name. */
export type LoadedAttachment = Attachment & { uploadedBy?: { id: number; displayName: string } | null };

/** Owner ids a statement names at most. */
const OWNER_ID_BATCH = 500;

/** An attachment as a unit's digest lists it: on a task the unit leads or supports. */
export interface UnitAttachmentRow {
  unitId: number;
  id: number;
  filename: string;
  ownerType: string;
  taskId: number;
  taskCode: string;
  taskTitle: string;
  taskTitleEn: string | null;
  uploadedByName: string | null;
  createdAt: Date;
}

@Injectable()
export class AttachmentsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(Attachment);
  }

  private loaded() {
    return this.repo
      .createQueryBuilder('a')
      .leftJoinAndMapOne('a.uploadedBy', User, 'ub', 'ub.id = a.uploadedById')
      .where('a.deletedAt IS NULL')
      .orderBy('a.createdAt', 'ASC')
      .addOrderBy('a.id', 'ASC');
  }

  insert(fields: Omit<Attachment, 'id'>): Promise<Attachment> {
    return this.repo.save(this.repo.create(fields));
  }

  /** The attachment, deleted or not, with its uploader. */
  findLoaded(id: number): Promise<LoadedAttachment | null> {
    return this.repo
      .createQueryBuilder('a')
      .leftJoinAndMapOne('a.uploadedBy', User, 'ub', 'ub.id = a.uploadedById')
      .where('a.id = :id', { id })
      .getOne();
  }

  ofOwner(ownerType: string, ownerId: number): Promise<LoadedAttachment[]> {
    return this.loaded()
      .andWhere('a.ownerType = :ownerType AND a.ownerId = :ownerId', { ownerType, ownerId })
      .getMany();
  }

  /** The attachments of many owners of a type, in one query a batch (a list of reports). */
  async ofOwners(ownerType: string, ownerIds: number[]): Promise<LoadedAttachment[]> {
    const out: LoadedAttachment[] = [];
    for (let i = 0; i < ownerIds.length; i += OWNER_ID_BATCH) {
      const ids = ownerIds.slice(i, i + OWNER_ID_BATCH);
      out.push(
        ...(await this.loaded()
          .andWhere('a.ownerType = :ownerType', { ownerType })
          .andWhere({ ownerId: In(ids) })
          .getMany()),
      );
    }
    return out;
  }

  ofTask(taskId: number): Promise<LoadedAttachment[]> {
    return this.loaded().andWhere('a.taskId = :taskId', { taskId }).getMany();
  }

  /**
   * Attachments added to tasks since the earliest of the units' cutoffs, each with the units of its task (lead and
   * supporting), for the digests: at most `limit` per unit, newest first, each after that unit's own cutoff.
   * Driven from the attachment table (recent rows are few), then the links of just those tasks.
   */
  async recentForUnits(since: Map<number, Date>, limit: number): Promise<UnitAttachmentRow[]> {
    if (!since.size) return [];
    const earliest = new Date(Math.min(...[...since.values()].map((d) => d.getTime())));
    const raw = await this.repo
      .createQueryBuilder('a')
      .innerJoin('task', 't', 't."id" = a."taskId"')
      .leftJoin('user', 'ub', 'ub."id" = a."uploadedById"')
      .select([
        'a."id" AS "id"',
        'a."filename" AS "filename"',
        'a."ownerType" AS "ownerType"',
        'a."taskId" AS "taskId"',
        'a."createdAt" AS "createdAt"',
        't."code" AS "taskCode"',
        't."title" AS "taskTitle"',
        't."titleEn" AS "taskTitleEn"',
        't."leadUnitId" AS "leadUnitId"',
        'ub."displayName" AS "uploadedByName"',
      ])
      .where('a."deletedAt" IS NULL AND a."createdAt" > :earliest', { earliest })
      .orderBy('a."createdAt"', 'DESC')
      .addOrderBy('a."id"', 'DESC')
      .limit(limit * since.size)
      .getRawMany<Record<string, unknown>>();
    if (!raw.length) return [];
    const taskIds = [...new Set(raw.map((r) => Number(r.taskId)))];
    const tx = this.txHost.tx;
    const list = taskIds.map((_, i) => `$${i + 1}`).join(', ');
    const links = (await tx.query(
      numbered(dialectOf(tx), `SELECT "taskId", "unitId" FROM "task_supporting_unit" WHERE "taskId" IN (${list})`),
      taskIds,
    )) as { taskId: number | string; unitId: number | string }[];
    const supporting = new Map<number, number[]>();
    for (const l of links)
      supporting.set(Number(l.taskId), [...(supporting.get(Number(l.taskId)) ?? []), Number(l.unitId)]);
    const perUnit = new Map<number, number>();
    const out: UnitAttachmentRow[] = [];
    for (const r of raw) {
      const taskId = Number(r.taskId);
      const createdAt = toDate(r.createdAt);
      for (const unitId of [Number(r.leadUnitId), ...(supporting.get(taskId) ?? [])]) {
        const from = since.get(unitId);
        if (!from || createdAt <= from) continue;
        const n = perUnit.get(unitId) ?? 0;
        if (n >= limit) continue;
        perUnit.set(unitId, n + 1);
        out.push({
          unitId,
          id: Number(r.id),
          filename: String(r.filename),
          ownerType: String(r.ownerType),
          taskId,
          taskCode: String(r.taskCode),
          taskTitle: String(r.taskTitle),
          taskTitleEn: (r.taskTitleEn as string | null) ?? null,
          uploadedByName: (r.uploadedByName as string | null) ?? null,
          createdAt,
        });
      }
    }
    return out;
  }

  ofMeeting(meetingId: number): Promise<LoadedAttachment[]> {
    return this.loaded().andWhere('a.meetingId = :meetingId', { meetingId }).getMany();
  }

  /**
   * Deletes the attachments of the tasks and meetings (their plan is being replaced), in batches, and then the
   * contents no attachment names any more.
   */
  async deleteOfPlanObjects(taskIds: number[], meetingIds: number[]): Promise<void> {
    for (let i = 0; i < taskIds.length; i += OWNER_ID_BATCH) {
      await this.repo.delete({ taskId: In(taskIds.slice(i, i + OWNER_ID_BATCH)) });
    }
    for (let i = 0; i < meetingIds.length; i += OWNER_ID_BATCH) {
      await this.repo.delete({ meetingId: In(meetingIds.slice(i, i + OWNER_ID_BATCH)) });
    }
    await this.txHost.tx.query(
      'DELETE FROM "attachment_blob" WHERE NOT EXISTS ' +
        '(SELECT 1 FROM "attachment" a WHERE a."blobSha256" = "attachment_blob"."sha256")',
    );
  }

  /** Marks the attachment removed; false when it was removed already (by a concurrent request). */
  async softDelete(id: number, at: Date, byId: number | null, reason: string): Promise<boolean> {
    const result = await this.repo.update(
      { id, deletedAt: IsNull() },
      { deletedAt: at, deletedById: byId, deleteReason: reason },
    );
    return (result.affected ?? 0) > 0;
  }
}

/** The default AttachmentStore: the contents in attachment_blob, in the caller's transaction. */
@Injectable()
export class DatabaseAttachmentStore implements AttachmentStore {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: ClockService,
  ) {}

  private get blobs() {
    return this.txHost.tx.getRepository(AttachmentBlob);
  }

  private raw(sql: string, params: Record<string, unknown>): Promise<unknown> {
    const em = this.txHost.tx;
    const [query, values] = em.connection.driver.escapeQueryWithParameters(sql, params, {});
    return em.query(query, values);
  }

  async put(sha256: string, content: Buffer): Promise<void> {
    // the content is sent only when the hash is new; a concurrent upload of the same bytes is ignored by the key
    if (await this.blobs.existsBy({ sha256 })) return;
    const meta = this.txHost.tx.connection.getMetadata(AttachmentBlob);
    const createdAt: unknown = this.txHost.tx.connection.driver.preparePersistentValue(
      this.clock.now(),
      meta.findColumnWithPropertyName('createdAt')!,
    );
    await this.raw(
      'INSERT INTO "attachment_blob" ("sha256", "size", "content", "createdAt") ' +
        'VALUES (:sha256, :size, :content, :createdAt) ON CONFLICT ("sha256") DO NOTHING',
      { sha256, size: content.length, content, createdAt },
    );
  }

  async get(sha256: string): Promise<Buffer | null> {
    const rows = (await this.raw('SELECT "content" FROM "attachment_blob" WHERE "sha256" = :sha256', {
      sha256,
    })) as { content: Buffer | Uint8Array }[];
    return rows.length ? Buffer.from(rows[0].content) : null;
  }
}
