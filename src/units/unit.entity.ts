import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const UNIT_KINDS = ['department', 'county', 'operator', 'enterprise', 'platform', 'sector', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** A member unit (单位) of the task force: the recipient of its mail and the owner of its tasks. */
@Entity('unit')
export class Unit {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 40, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  nameEn: string | null;

  @Column({ type: 'varchar', length: 20, default: 'other' })
  kind: UnitKind;

  /** The unit's functional mailbox: liaisons rotate, the mailbox stays. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  mailbox: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  supervisingLeaderName: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  supervisingLeaderEmail: string | null;

  @Column({ type: 'varchar', length: 10, default: 'zh-CN' })
  locale: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** When the unit's digest goes out: a cron expression in the task force's time zone; null for the default. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  digestCron: string | null;

  @Column({ type: 'boolean', default: true })
  digestEnabled: boolean;

  /** 'document' when the unit is named in the plan's source document, 'demo' for demo assumptions, 'user' otherwise. */
  @Column({ type: 'varchar', length: 20, default: 'user' })
  source: string;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
