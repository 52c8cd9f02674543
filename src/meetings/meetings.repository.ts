// Every query on consultation meetings and what hangs from them — attending units (meeting_unit), attendees,
// agenda items and decisions. Agenda items are written in batches. The plan's tasks, reports, indicators, units
// and people the agenda, the detail and the documents show are read through their owners' repositories.
import type { SqlScope } from '../access';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In, IsNull, LessThan, Not, type FindOptionsWhere } from 'typeorm';
import { AgendaItem } from './agenda-item.entity';
import { Decision } from './decision.entity';
import { MeetingAttendee } from './meeting-attendee.entity';
import { Meeting, type MeetingStatus } from './meeting.entity';

/** Rows a statement writes at most. */
const BATCH = 300;

export interface MeetingFilter {
  planId?: number;
  status?: MeetingStatus;
  /** Starting at or after this instant. */
  from?: Date;
  /** Starting before this instant. */
  to?: Date;
  /** The caller's list scope (src/access). */
  scope?: SqlScope | null;
  page: number;
  pageSize: number;
}

export type NewAgendaItem = Omit<AgendaItem, 'id'>;

@Injectable()
export class MeetingsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get em() {
    return this.txHost.tx;
  }

  private get meetings() {
    return this.em.getRepository(Meeting);
  }

  private get items() {
    return this.em.getRepository(AgendaItem);
  }

  private get decisions() {
    return this.em.getRepository(Decision);
  }

  private get attendees() {
    return this.em.getRepository(MeetingAttendee);
  }

  // --- meetings ---

  page(filter: MeetingFilter): Promise<[Meeting[], number]> {
    const qb = this.meetings
      .createQueryBuilder('m')
      .leftJoinAndSelect('m.units', 'u')
      .orderBy('m.startsAt', 'DESC')
      .addOrderBy('m.id', 'DESC');
    if (filter.scope) qb.andWhere(filter.scope.where, filter.scope.params);
    if (filter.planId) qb.andWhere('m.planId = :planId', { planId: filter.planId });
    if (filter.status) qb.andWhere('m.status = :status', { status: filter.status });
    if (filter.from) qb.andWhere('m.startsAt >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('m.startsAt < :to', { to: filter.to });
    return qb
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize)
      .getManyAndCount();
  }

  /** The meeting with its attending units. */
  findWithUnits(id: number): Promise<Meeting | null> {
    return this.meetings.findOne({ where: { id }, relations: { units: true } });
  }

  /** Id, title and start of the meetings (to name the meeting a decision came from). */
  briefs(ids: number[]): Promise<Meeting[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.meetings.find({ select: { id: true, title: true, startsAt: true }, where: { id: In(ids) } });
  }

  /** The plan's meetings before this one that were not cancelled, oldest first. */
  earlierInPlan(planId: number, before: Date): Promise<Meeting[]> {
    return this.meetings.find({
      select: { id: true, title: true, titleEn: true, startsAt: true },
      where: { planId, startsAt: LessThan(before), status: Not('cancelled') },
      order: { startsAt: 'ASC', id: 'ASC' },
    });
  }

  /** Saves the meeting with its attending units. */
  save(meeting: Meeting): Promise<Meeting> {
    return this.meetings.save(meeting);
  }

  create(fields: Partial<Meeting>): Meeting {
    return this.meetings.create(fields);
  }

  async update(
    id: number,
    fields: Partial<Pick<Meeting, 'status' | 'sequence' | 'agendaAsOf' | 'minutes' | 'invitationsSentAt'>>,
  ): Promise<void> {
    await this.meetings.update(id, fields);
  }

  /** Records that the minutes went out; false when they had been sent already. */
  async markMinutesSent(id: number, at: Date): Promise<boolean> {
    const result = await this.meetings.update({ id, minutesSentAt: IsNull() }, { minutesSentAt: at });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Deletes the plan's meetings (the plan is being replaced) with their units, attendees, agenda items and
   * decisions; their ids, for what was written about them.
   */
  async deleteByPlan(planId: number): Promise<number[]> {
    const ids = (await this.meetings.find({ select: { id: true }, where: { planId } })).map((m) => m.id);
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      await this.decisions.delete({ meetingId: In(chunk) });
      await this.items.delete({ meetingId: In(chunk) });
      await this.attendees.delete({ meetingId: In(chunk) });
      await this.em
        .createQueryBuilder()
        .delete()
        .from('meeting_unit')
        .where('"meetingId" IN (:...chunk)', { chunk })
        .execute();
      await this.meetings.delete({ id: In(chunk) });
    }
    return ids;
  }

  // --- attendees ---

  attendeesOf(meetingId: number): Promise<MeetingAttendee[]> {
    return this.attendees.find({ where: { meetingId }, order: { id: 'ASC' } });
  }

  newAttendee(): MeetingAttendee {
    return this.attendees.create({ present: null });
  }

  async saveAttendees(rows: MeetingAttendee[]): Promise<void> {
    if (rows.length) await this.attendees.save(rows, { chunk: BATCH });
  }

  async deleteAttendees(ids: number[]): Promise<void> {
    if (ids.length) await this.attendees.delete({ id: In(ids) });
  }

  async setPresent(attendeeId: number, present: boolean | null): Promise<void> {
    await this.attendees.update(attendeeId, { present });
  }

  // --- agenda items ---

  agendaOf(meetingId: number): Promise<AgendaItem[]> {
    return this.items.find({ where: { meetingId }, order: { seq: 'ASC', id: 'ASC' } });
  }

  findAgendaItem(meetingId: number, id: number): Promise<AgendaItem | null> {
    return this.items.findOneBy({ id, meetingId });
  }

  agendaItemExists(meetingId: number, id: number): Promise<boolean> {
    return this.items.existsBy({ id, meetingId });
  }

  async lastAgendaSeq(meetingId: number): Promise<number> {
    const last = await this.items.findOne({ where: { meetingId }, order: { seq: 'DESC' } });
    return last?.seq ?? 0;
  }

  /** Writes new items in batches. */
  async insertAgendaItems(rows: NewAgendaItem[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.items.insert(rows.slice(i, i + BATCH).map((row) => this.items.create(row)));
    }
  }

  async insertAgendaItem(row: NewAgendaItem): Promise<AgendaItem> {
    return this.items.save(this.items.create(row));
  }

  async updateAgendaItem(id: number, patch: Partial<AgendaItem>): Promise<void> {
    await this.items.update(id, patch);
  }

  async deleteAgendaItems(ids: number[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH) await this.items.delete({ id: In(ids.slice(i, i + BATCH)) });
  }

  // --- decisions ---

  decisionsOf(meetingId: number): Promise<Decision[]> {
    return this.decisions.find({ where: { meetingId }, order: { seq: 'ASC', id: 'ASC' } });
  }

  decisionsByIds(ids: number[]): Promise<Decision[]> {
    return ids.length ? this.decisions.find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  decisionsOfMeetings(meetingIds: number[]): Promise<Decision[]> {
    return meetingIds.length ? this.decisions.find({ where: { meetingId: In(meetingIds) } }) : Promise.resolve([]);
  }

  /** The agenda items the meeting's decisions were taken on. */
  decisionItemLinks(meetingId: number): Promise<Decision[]> {
    return this.decisions.find({ select: { id: true, agendaItemId: true }, where: { meetingId } });
  }

  /** The decisions a task came from or was made to carry out (for its dossier), oldest first. */
  decisionsForTask(taskId: number, fromDecisionId: number | null): Promise<Decision[]> {
    const where: FindOptionsWhere<Decision>[] = [{ taskId }];
    if (fromDecisionId) where.push({ id: fromDecisionId });
    return this.decisions.find({ where, order: { id: 'ASC' } });
  }

  findDecision(meetingId: number, id: number): Promise<Decision | null> {
    return this.decisions.findOneBy({ id, meetingId });
  }

  async lastDecisionSeq(meetingId: number): Promise<number> {
    const last = await this.decisions.findOne({ where: { meetingId }, order: { seq: 'DESC' } });
    return last?.seq ?? 0;
  }

  insertDecision(row: Omit<Decision, 'id' | 'createdAt'>): Promise<Decision> {
    return this.decisions.save(this.decisions.create(row));
  }

  async updateDecision(id: number, patch: Partial<Decision>): Promise<void> {
    await this.decisions.update(id, patch);
  }
}
