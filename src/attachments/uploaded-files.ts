// Reads the `file` parts of a multipart/form-data upload into memory, each up to the configured size and at most
// the configured number of them, mapping the multipart plugin's refusals to domain errors (413 past a limit, the
// moment it is passed; 415 for a body that is not multipart). Nothing is stored here.
import type { FastifyRequest } from 'fastify';
import { DomainError, InvalidFieldError, PayloadTooLargeError } from '../common/errors';

export interface UploadedFile {
  /** The name as the client sent it (checked later, see checkFilename). */
  filename: string;
  content: Buffer;
}

export interface UploadLimits {
  maxBytes: number;
  maxFiles: number;
}

/** A request body that is not multipart/form-data: 415, naming the body. */
export class NotMultipartError extends DomainError {
  constructor() {
    const en = 'send the files as multipart/form-data, one or more parts named file';
    const zh = '请以multipart/form-data格式上传文件（一个或多个名为file的部分）';
    super(415, 'unsupported_media_type', `body: ${en}`, `body:${zh}`, [
      { field: 'body', code: 'not_multipart', message: en, messageZh: zh },
    ]);
  }
}

const TOO_MANY_FILES = (max: number) =>
  new DomainError(413, 'payload_too_large', `file: at most ${max} files a request`, `file：每次最多上传${max}个文件`, [
    {
      field: 'file',
      code: 'too_many_files',
      message: `at most ${max} files a request`,
      messageZh: `每次最多上传${max}个文件`,
    },
  ]);

function mapped(e: unknown, limits: UploadLimits): unknown {
  const code = (e as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new PayloadTooLargeError('file', limits.maxBytes);
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') return TOO_MANY_FILES(limits.maxFiles);
  if (code === 'FST_FIELDS_LIMIT') return new InvalidFieldError('body', 'too many fields', '字段过多');
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new NotMultipartError();
  if (code === 'FST_PROTO_VIOLATION' || code === 'FST_MP_PREMATURE_CLOSE' || e instanceof Error) {
    if (e instanceof DomainError) return e;
    return new InvalidFieldError(
      'body',
      'the multipart body cannot be read',
      '无法解析multipart请求体',
      'bad_multipart',
    );
  }
  return e;
}

export async function readUploadedFiles(request: FastifyRequest, limits: UploadLimits): Promise<UploadedFile[]> {
  if (!request.isMultipart()) throw new NotMultipartError();
  const files: UploadedFile[] = [];
  try {
    const parts = request.parts({
      limits: { fileSize: limits.maxBytes, files: limits.maxFiles, fields: 0, parts: limits.maxFiles + 1 },
    });
    for await (const part of parts) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw new InvalidFieldError(
          part.fieldname,
          'only parts named file are taken',
          '只接受名为file的文件部分',
          'unknown_part',
        );
      }
      // toBuffer stops at the size limit and throws: the rest of the body is discarded, not kept
      const content = await part.toBuffer();
      files.push({ filename: part.filename, content });
    }
  } catch (e) {
    throw mapped(e, limits);
  }
  if (!files.length) throw new InvalidFieldError('file', 'no file was sent', '未收到文件', 'required');
  return files;
}
