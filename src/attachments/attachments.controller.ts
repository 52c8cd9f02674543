// The attachment routes: upload (multipart/form-data), lists by owner, task and meeting, metadata, the file
// itself, and removal with a reason. Thin: the service decides.
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Can } from '../access';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiErrors, ErrorResponseDto } from '../common/responses';
import { attachmentDisposition, inlineDisposition } from '../documents/docx';
import { ACCEPTED, isInline } from './attachment-checks';
import { AttachmentOwnerQueryDto, DeleteAttachmentDto } from './attachment.dto';
import { AttachmentResponseDto } from './attachment-response.dto';
import { AttachmentsService } from './attachments.service';
import { readUploadedFiles } from './uploaded-files';

const CONTENT_TYPES = [...new Set(Object.values(ACCEPTED).map((a) => a.contentType))];

@ApiTags('attachments')
@ApiBearerAuth()
@Controller('attachments')
@ApiErrors(400, 401, 403, 404, 409)
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /**
   * Uploads one or more files (parts named `file`) on an owner. The type is found from the content and must agree
   * with the name's extension; ZIP packages (DOCX, XLSX, PPTX, OFD) that declare a bomb are refused; one refused
   * file stores none.
   */
  @Can('attachment.upload')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'array', items: { type: 'string', format: 'binary' } } },
    },
  })
  @ApiCreatedResponse({ type: [AttachmentResponseDto] })
  @ApiResponse({
    status: 413,
    type: ErrorResponseDto,
    description: 'a file over attachments.maxBytes, or too many files',
  })
  @ApiResponse({ status: 415, type: ErrorResponseDto, description: 'not multipart, or a file of a type not accepted' })
  @Post()
  async upload(@CurrentActor() actor: Actor, @Query() q: AttachmentOwnerQueryDto, @Req() request: FastifyRequest) {
    const target = await this.attachments.uploadTarget(actor, q.ownerType, q.ownerId);
    const files = await readUploadedFiles(request, this.attachments.limits);
    return this.attachments.store(actor, target, files);
  }

  /** The owner's attachments, oldest first. */
  @Can('attachment.read')
  @ApiOkResponse({ type: [AttachmentResponseDto] })
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: AttachmentOwnerQueryDto) {
    return this.attachments.listForOwner(actor, q.ownerType, q.ownerId);
  }

  @Can('attachment.read')
  @ApiOkResponse({ type: AttachmentResponseDto })
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.attachments.get(actor, id);
  }

  /** The file with its original name; shown inline only when it is an image or a PDF. */
  @Can('attachment.read')
  @ApiProduces(...CONTENT_TYPES)
  @ApiOkResponse({
    description: 'the file as uploaded',
    content: Object.fromEntries(CONTENT_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
  })
  @Get(':id/content')
  async content(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const file = await this.attachments.download(actor, id);
    const disposition = isInline(file.contentType) ? inlineDisposition : attachmentDisposition;
    void reply.header('content-type', file.contentType);
    void reply.header('content-disposition', disposition(file.filename, file.asciiFilename));
    void reply.header('x-content-type-options', 'nosniff');
    return file.content;
  }

  /** Removes the attachment (kept on record, with the reason); the uploader while the owner is open, or the office. */
  @Can('attachment.delete')
  @ApiOkResponse({ type: AttachmentResponseDto })
  @Delete(':id')
  @HttpCode(200)
  remove(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: DeleteAttachmentDto) {
    return this.attachments.remove(actor, id, dto.reason);
  }
}

/** A task's and a meeting's attachments, across their owners. */
@ApiTags('attachments')
@ApiBearerAuth()
@Controller()
@ApiErrors(400, 401, 403, 404)
export class OwnerAttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** Every attachment of the task's reports, requests and supervision replies the caller may read. */
  @Can('attachment.read')
  @ApiOkResponse({ type: [AttachmentResponseDto] })
  @Get('tasks/:id/attachments')
  ofTask(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.attachments.listForTaskOf(actor, id);
  }

  /** The meeting's attachments and its decisions'. */
  @Can('attachment.read')
  @ApiOkResponse({ type: [AttachmentResponseDto] })
  @Get('meetings/:id/attachments')
  ofMeeting(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.attachments.listForMeeting(actor, id);
  }
}
