import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinTable,
  ManyToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Unit } from '../units/unit.entity';

export type MeetingStatus = 'planned' | 'held' | 'cancelled';

/** A consultation meeting (会商) where units settle what needs coordination. */
@Entity('meeting')
export class Meeting {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'integer' })
  planId: number;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  titleEn: string | null;

  @Column({ type: Date })
  startsAt: Date;

  @Column({ type: Date })
  endsAt: Date;

  @Column({ type: 'varchar', length: 300, nullable: true })
  place: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  onlineLink: string | null;

  /** The unit that convenes the meeting (召集单位) and the person who chairs it. */
  @Column({ type: 'integer', nullable: true })
  conveningUnitId: number | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  convenerName: string | null;

  @ManyToMany(() => Unit)
  @JoinTable({
    name: 'meeting_unit',
    joinColumn: { name: 'meetingId', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'unitId', referencedColumnName: 'id' },
  })
  units: Unit[];

  @Column({ type: 'varchar', length: 10, default: 'planned' })
  status: MeetingStatus;

  /** Bumped each time the time or place changes, as iCalendar's SEQUENCE. */
  @Column({ type: 'integer', default: 0 })
  sequence: number;

  /** The date the agenda was generated as of, when it was. */
  @Column({ type: 'date', nullable: true })
  agendaAsOf: string | null;

  /** General minutes (会议纪要) beyond the notes per agenda item. */
  @Column({ type: 'text', default: '' })
  minutes: string;

  @Column({ type: Date, nullable: true })
  invitationsSentAt: Date | null;

  @Column({ type: Date, nullable: true })
  minutesSentAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
