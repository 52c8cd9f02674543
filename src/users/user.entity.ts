import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Unit } from '../units/unit.entity';

/**
 * The task force's people (lead, secretariat, liaison, viewer) and the three administrators of 三员分立: the system
 * administrator (accounts and units), the auditor (审计管理员: reads the audit log and nothing else) and the security
 * administrator (安全管理员: account security — locks, sessions, second factors — and the security policy).
 */
export const ROLES = ['admin', 'lead', 'secretariat', 'liaison', 'viewer', 'auditor', 'security_admin'] as const;
export type Role = (typeof ROLES)[number];

@Entity('user')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 100 })
  displayName: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  /** The unit a liaison belongs to (required for liaisons); leads and the secretariat may name their own unit. */
  @Column({ type: 'integer', nullable: true })
  unitId: number | null;

  @ManyToOne(() => Unit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId' })
  unit: Unit | null;

  @Column({ type: 'varchar', length: 200, select: false })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Raised by a password change or reset, deactivation and sign-out: every token signed with an earlier one ends. */
  @Column({ type: 'integer', default: 0, select: false })
  tokenVersion: number;

  /** Wrong passwords since the first of them (within the lockout window) and when that first one was. */
  @Column({ type: 'integer', default: 0, select: false })
  failedLogins: number;

  @Column({ type: Date, nullable: true, select: false })
  firstFailedLoginAt: Date | null;

  /** Signed in refused until then, whatever the password (unlocked by time or by an administrator). */
  @Column({ type: Date, nullable: true, select: false })
  lockedUntil: Date | null;

  /** When the password was last set: with auth.passwordMaxAgeDays, an older one must be changed. */
  @Column({ type: Date, nullable: true, select: false })
  passwordChangedAt: Date | null;

  /** Hashes of the passwords before the current one, newest first (as many as auth.passwordHistory asks). */
  @Column({ type: 'simple-json', nullable: true, select: false })
  previousPasswordHashes: string[] | null;

  /** The TOTP secret (base32): set by enrolment, in force once totpEnabledAt is set. */
  @Column({ type: 'varchar', length: 64, nullable: true, select: false })
  totpSecret: string | null;

  @Column({ type: Date, nullable: true, select: false })
  totpEnabledAt: Date | null;

  /** The last TOTP time step accepted: a code of it or an earlier one is refused (no replay within its window). */
  @Column({ type: 'integer', nullable: true, select: false })
  totpLastStep: number | null;

  /** Hashes of the unused recovery codes; each is removed when used. */
  @Column({ type: 'simple-json', nullable: true, select: false })
  totpRecoveryCodes: string[] | null;

  @Column({ type: 'varchar', length: 10, default: 'zh-CN' })
  locale: string;

  @Column({ type: 'boolean', default: false })
  wantsDigest: boolean;

  @Column({ type: Date, nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
