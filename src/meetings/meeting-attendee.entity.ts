import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A person invited to a meeting, for a unit or in their own right; attendance is recorded after it. */
@Entity('meeting_attendee')
export class MeetingAttendee {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'integer' })
  meetingId: number;

  @Column({ type: 'integer', nullable: true })
  unitId: number | null;

  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** Position (职务), e.g. 副局长. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  position: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** Null until attendance is recorded. */
  @Column({ type: 'boolean', nullable: true })
  present: boolean | null;
}
