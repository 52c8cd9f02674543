import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Values the service keeps for itself across restarts (e.g. its token-signing secret). */
@Entity('setting')
export class Setting {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  @Column({ type: 'text' })
  value: string;
}
