import { Can } from '../access';
import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PassThrough } from 'node:stream';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { DomainError } from '../common/errors';
import { IdPipe } from '../common/id.pipe';
import { attachmentDisposition } from '../documents/docx';
import { SheetLangDto, TaskExportQueryDto, TaskImportQueryDto } from './spreadsheet.dto';
import { SpreadsheetExportService, type SheetFile } from './spreadsheet-export.service';
import { TaskImportService } from './task-import.service';
import { XLSX_CONTENT_TYPE } from './xlsx';
import { ApiErrors, ApiFile } from '../common/responses';
import { ImportPreviewResponseDto, ImportResultResponseDto, ImportStateResponseDto } from './spreadsheet-response.dto';

function download(reply: FastifyReply, file: SheetFile): Buffer {
  void reply.header('content-type', XLSX_CONTENT_TYPE);
  void reply.header('content-disposition', attachmentDisposition(file.filename, file.asciiFilename));
  return file.content;
}

@ApiTags('spreadsheets')
@ApiBearerAuth()
@Controller()
@ApiErrors(400, 401, 403, 404, 409)
export class SpreadsheetsController {
  constructor(
    private readonly exports: SpreadsheetExportService,
    private readonly imports: TaskImportService,
  ) {}

  /**
   * The task list as .xlsx, with the filters of GET /api/tasks: every matching task, no paging and no cap, streamed
   * as it is written. A failure once rows are sent breaks the download off, so a partial sheet never looks whole.
   */
  @ApiFile(XLSX_CONTENT_TYPE, 'the workbook (.xlsx)')
  @Get('export/tasks.xlsx')
  async exportTasks(
    @CurrentActor() actor: Actor,
    @Query() q: TaskExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PassThrough> {
    const sheet = await this.exports.tasksExport(actor, q);
    void reply.header('content-type', XLSX_CONTENT_TYPE);
    void reply.header('content-disposition', attachmentDisposition(sheet.filename, sheet.asciiFilename));
    const body = new PassThrough();
    sheet.write(body).catch((e: Error) => body.destroy(e));
    return body;
  }

  /** A dispatch round's reports as .xlsx: per unit in scope and task it leads, whether and when it reported. */
  @ApiFile(XLSX_CONTENT_TYPE, 'the workbook (.xlsx)')
  @Get('dispatch-rounds/:id/reports.xlsx')
  async exportRoundReports(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: SheetLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return download(reply, await this.exports.roundReportsWorkbook(actor, id, q.lang));
  }

  /**
   * Reads a task breakdown (任务分解表) sent as the request body and says what each row would do; changes nothing.
   * The import is kept for 30 minutes for the commit.
   */
  @Can('tasks.import')
  @ApiConsumes(XLSX_CONTENT_TYPE)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: ImportPreviewResponseDto })
  @Post('import/tasks/preview')
  @HttpCode(200)
  preview(@CurrentActor() actor: Actor, @Query() q: TaskImportQueryDto, @Req() req: FastifyRequest) {
    if (!Buffer.isBuffer(req.body) && req.body !== undefined && req.body !== null) {
      throw new DomainError(
        415,
        'unsupported_media_type',
        `file: send the .xlsx file as the request body with content-type ${XLSX_CONTENT_TYPE}`,
        `file：请以 ${XLSX_CONTENT_TYPE} 类型将 .xlsx 文件作为请求体上传`,
        [
          {
            field: 'file',
            code: 'unsupported_media_type',
            message: `must be sent with content-type ${XLSX_CONTENT_TYPE}`,
            messageZh: `必须以 ${XLSX_CONTENT_TYPE} 类型上传`,
          },
        ],
      );
    }
    return this.imports.preview(actor, (req.body as Buffer | undefined) ?? Buffer.alloc(0), q.planId);
  }

  /** The preview of an import still kept, with its state and, once committed, what the commit did. */
  @Can('tasks.import')
  @ApiOkResponse({ type: ImportStateResponseDto })
  @Get('import/tasks/:importId')
  get(@CurrentActor() actor: Actor, @Param('importId') importId: string) {
    return this.imports.get(actor, importId);
  }

  /** Applies the valid rows of a preview in one transaction; rows with errors are skipped. */
  @Can('tasks.import')
  @ApiOkResponse({ type: ImportResultResponseDto })
  @Post('import/tasks/:importId/commit')
  @HttpCode(200)
  commit(@CurrentActor() actor: Actor, @Param('importId') importId: string) {
    return this.imports.commit(actor, importId);
  }
}
