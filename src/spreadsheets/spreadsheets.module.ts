// Spreadsheets: the task list and a dispatch round's reports exported as .xlsx, and a task breakdown (任务分解表)
// imported from .xlsx with a preview before anything changes.
import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AccountsModule } from '../accounts.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { PlansModule } from '../plans/plans.module';
import { ReportsModule } from '../reports/reports.module';
import { TasksModule } from '../tasks/tasks.module';
import { SpreadsheetExportService } from './spreadsheet-export.service';
import { SpreadsheetsController } from './spreadsheets.controller';
import { TaskImportService } from './task-import.service';
import { XLSX_CONTENT_TYPE } from './xlsx';

/** The largest workbook accepted as an import (a plan of a few thousand tasks is well under 1 MB). */
export const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;

@Module({
  imports: [AccountsModule, PlansModule, TasksModule, ReportsModule, DispatchModule],
  controllers: [SpreadsheetsController],
  providers: [SpreadsheetExportService, TaskImportService],
  exports: [SpreadsheetExportService, TaskImportService],
})
export class SpreadsheetsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** The workbook arrives as the raw request body; beyond the limit Fastify answers 413. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || fastify.hasContentTypeParser(XLSX_CONTENT_TYPE)) return;
    fastify.addContentTypeParser(
      XLSX_CONTENT_TYPE,
      { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
  }
}
