// Migrations for PostgreSQL, in order. Add each generated migration here
// (`DATABASE_URL=postgres://… npm run migration:generate -- src/database/migrations/postgres/Name`).
import { Initial1796166821496 } from './1796166821496-Initial';
import { LiveReportUnique1796168242418 } from './1796168242418-LiveReportUnique';
import { DocumentNumbers1796171335760 } from './1796171335760-DocumentNumbers';
import { CalendarDaysAndTaskIndexes1797000000000 } from './1797000000000-CalendarDaysAndTaskIndexes';
import { TaskSearch1797000000001 } from './1797000000001-TaskSearch';
import { OpenTasksByDeadline1797000000002 } from './1797000000002-OpenTasksByDeadline';
import { OutboxClaimsAndDeliveries1797200000000 } from './1797200000000-OutboxClaimsAndDeliveries';
import { TaskSearchText1797300000000 } from './1797300000000-TaskSearchText';
import { DigestAndCoordinationIndexes1797400000000 } from './1797400000000-DigestAndCoordinationIndexes';
import { AgendaDetailEn1797500000000 } from './1797500000000-AgendaDetailEn';
import { UserTokenVersion1797600000000 } from './1797600000000-UserTokenVersion';
import { SignInLockout1797700000000 } from './1797700000000-SignInLockout';
import { SecondFactorAndPasswordAge1797900000000 } from './1797900000000-SecondFactorAndPasswordAge';
import { AuditChain1798000000000 } from './1798000000000-AuditChain';
import { Attachments1798100000000 } from './1798100000000-Attachments';
import { Supervision1798300000000 } from './1798300000000-Supervision';
import { Channels1798400000000 } from './1798400000000-Channels';
import { Followup1798200000000 } from './1798200000000-Followup';
import { Comments1798200000001 } from './1798200000001-Comments';

export const POSTGRES_MIGRATIONS = [
  Initial1796166821496,
  LiveReportUnique1796168242418,
  DocumentNumbers1796171335760,
  CalendarDaysAndTaskIndexes1797000000000,
  TaskSearch1797000000001,
  OpenTasksByDeadline1797000000002,
  OutboxClaimsAndDeliveries1797200000000,
  TaskSearchText1797300000000,
  DigestAndCoordinationIndexes1797400000000,
  AgendaDetailEn1797500000000,
  UserTokenVersion1797600000000,
  SignInLockout1797700000000,
  SecondFactorAndPasswordAge1797900000000,
  AuditChain1798000000000,
  Attachments1798100000000,
  Supervision1798300000000,
  Channels1798400000000,
  Followup1798200000000,
  Comments1798200000001,
];
