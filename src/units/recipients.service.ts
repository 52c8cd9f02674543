// Who mail goes to. Units are the recipients: a unit's functional mailbox and its active liaisons (liaisons
// rotate, the mailbox stays), in the unit's language; above them its supervising leader; and the task force's
// leads and secretariat.
import { Injectable } from '@nestjs/common';
import { MAIL_AUDIENCES, type MailAudience } from '../access';
import { UsersRepository } from '../users/users.repository';
import { Unit } from './unit.entity';
import { UnitsRepository } from './units.repository';

export type Locale = 'zh-CN' | 'en';

export interface UnitRecipients {
  unit: Unit;
  /** The mailbox first, then the liaisons; no duplicates. */
  to: string[];
  liaisons: string[];
  mailbox: string | null;
  supervisingLeader: string | null;
  locale: Locale;
}

export interface PersonRecipient {
  userId: number;
  email: string;
  displayName: string;
  locale: Locale;
  unitId: number | null;
}

const asLocale = (l: string | null | undefined): Locale => (l === 'en' ? 'en' : 'zh-CN');

@Injectable()
export class RecipientsService {
  constructor(
    private readonly units: UnitsRepository,
    private readonly users: UsersRepository,
  ) {}

  /** Recipients of the given active units (all active units when no ids are given), by unit id. */
  async forUnits(unitIds?: number[]): Promise<Map<number, UnitRecipients>> {
    const units = await this.units.active(unitIds);
    const liaisons = await this.users.activeLiaisonsOf(units.map((u) => u.id));
    const out = new Map<number, UnitRecipients>();
    for (const unit of units) {
      const theirs = liaisons.filter((l) => l.unitId === unit.id).map((l) => l.email);
      const to = [...new Set([...(unit.mailbox ? [unit.mailbox] : []), ...theirs])];
      out.set(unit.id, {
        unit,
        to,
        liaisons: theirs,
        mailbox: unit.mailbox,
        supervisingLeader: unit.supervisingLeaderEmail,
        locale: asLocale(unit.locale),
      });
    }
    return out;
  }

  /** The active people of a mail audience (src/access), e.g. the task force's leads. */
  async audience(audience: MailAudience): Promise<PersonRecipient[]> {
    const users = await this.users.activeWithRoles([...MAIL_AUDIENCES[audience]]);
    return users.map((u) => ({
      userId: u.id,
      email: u.email,
      displayName: u.displayName,
      locale: asLocale(u.locale),
      unitId: u.unitId,
    }));
  }

  /** Active users who asked for a digest of their own. */
  async wantingDigest(): Promise<PersonRecipient[]> {
    const users = await this.users.activeWantingDigest();
    return users.map((u) => ({
      userId: u.id,
      email: u.email,
      displayName: u.displayName,
      locale: asLocale(u.locale),
      unitId: u.unitId,
    }));
  }
}
