// Migrations for SQLite, in order. Add each generated migration here.
import { Initial1795518042656 } from './1795518042656-Initial';
import { Mechanisms1795518682912 } from './1795518682912-Mechanisms';
import { Meetings1795522227566 } from './1795522227566-Meetings';
import { DocumentNumbers1795600000000 } from './1795600000000-DocumentNumbers';
import { LiveReportUnique1796200000000 } from './1796200000000-LiveReportUnique';
import { CalendarDaysAndTaskIndexes1797000000000 } from './1797000000000-CalendarDaysAndTaskIndexes';
import { TaskSearch1797000000001 } from './1797000000001-TaskSearch';
import { OpenTasksByDeadline1797000000002 } from './1797000000002-OpenTasksByDeadline';
import { OutboxClaimsAndDeliveries1797200000000 } from './1797200000000-OutboxClaimsAndDeliveries';
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

export const SQLITE_MIGRATIONS = [
  Initial1795518042656,
  Mechanisms1795518682912,
  Meetings1795522227566,
  DocumentNumbers1795600000000,
  LiveReportUnique1796200000000,
  CalendarDaysAndTaskIndexes1797000000000,
  TaskSearch1797000000001,
  OpenTasksByDeadline1797000000002,
  OutboxClaimsAndDeliveries1797200000000,
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
