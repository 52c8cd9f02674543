import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AGENDA_KINDS = [
  'indicators',
  'coordination',
  'overdue',
  'blocked',
  'open_decision',
  'deadline',
  'manual',
] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

export interface AgendaSources {
  taskIds?: number[];
  reportIds?: number[];
  decisionIds?: number[];
  indicatorIds?: number[];
  indicatorValueIds?: number[];
  /** A grouped item names its first few tasks (or reports); these count all of them. */
  taskTotal?: number;
  reportTotal?: number;
  /** The task list showing every task the item counts, e.g. /tasks?unitId=3&unitRole=lead&overdue=true. */
  listPath?: string;
}

/**
 * One item of a meeting's agenda. Generated items carry a stable source key so that regenerating the agenda
 * updates them in place and keeps what the secretariat edited (title, order, times, removal).
 */
@Entity('agenda_item')
@Index(['meetingId', 'sourceKey'], { unique: true })
export class AgendaItem {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'integer' })
  meetingId: number;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 20 })
  kind: AgendaKind;

  /** e.g. task:12:overdue, report:5, decision:3, indicators; manual:<uuid> for items added by hand. */
  @Column({ type: 'varchar', length: 100 })
  sourceKey: string;

  @Column({ type: 'simple-json' })
  sources: AgendaSources;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  titleEn: string | null;

  @Column({ type: 'text', default: '' })
  detail: string;

  /** The details in English (a generated item writes both); English documents and pages show them when set. */
  @Column({ type: 'text', nullable: true })
  detailEn: string | null;

  @Column({ type: 'integer', nullable: true })
  leadUnitId: number | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  presenter: string | null;

  /** Suggested minutes for the item. */
  @Column({ type: 'integer', default: 5 })
  minutes: number;

  /** The secretariat changed the title, presenter or minutes: regeneration leaves them. */
  @Column({ type: 'boolean', default: false })
  edited: boolean;

  /** Removed by the secretariat: regeneration does not bring it back. */
  @Column({ type: 'boolean', default: false })
  removed: boolean;

  /** The source no longer applies (e.g. the task is no longer overdue); kept if edited, else dropped. */
  @Column({ type: 'boolean', default: false })
  stale: boolean;

  /** Notes of the discussion, recorded with the minutes. */
  @Column({ type: 'text', default: '' })
  notes: string;
}
