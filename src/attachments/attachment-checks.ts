// The pure checks of an uploaded file, before anything is stored: its name, whether its content is of an accepted
// type that agrees with the name's extension (sniffed with file-type, never believed from the client), and, for
// ZIP containers (DOCX, XLSX, PPTX, OFD, ZIP), whether the central directory declares a bomb.
import { fromBuffer } from 'file-type';
import * as yauzl from 'yauzl';
import { DomainError, InvalidFieldError } from '../common/errors';

export const MAX_FILENAME_LENGTH = 200;

/** A ZIP's declared uncompressed total at most (200 MB). */
export const ZIP_MAX_TOTAL = 200 * 1024 * 1024;
/** Entries a ZIP may list at most. */
export const ZIP_MAX_ENTRIES = 10_000;
/** An entry declaring more than ZIP_RATIO_FLOOR uncompressed may be compressed at most this many times. */
export const ZIP_MAX_RATIO = 100;
export const ZIP_RATIO_FLOOR = 1024 * 1024;

interface Accepted {
  /** What file-type must report for the content; null: no magic (plain text, checked as UTF-8). */
  sniffed: readonly string[] | null;
  contentType: string;
  /** The content is a ZIP container: its central directory is checked for bombs. */
  zip?: boolean;
}

const OOXML = (type: string, own: string): Accepted => ({
  // file-type names an Office Open XML file by its parts; one written without the usual first entry is a 'zip'
  sniffed: [own, 'zip'],
  contentType: type,
  zip: true,
});

/** The accepted extensions, the types their content must sniff as and the Content-Type they are served with. */
export const ACCEPTED: Record<string, Accepted> = {
  jpg: { sniffed: ['jpg'], contentType: 'image/jpeg' },
  jpeg: { sniffed: ['jpg'], contentType: 'image/jpeg' },
  png: { sniffed: ['png'], contentType: 'image/png' },
  gif: { sniffed: ['gif'], contentType: 'image/gif' },
  webp: { sniffed: ['webp'], contentType: 'image/webp' },
  pdf: { sniffed: ['pdf'], contentType: 'application/pdf' },
  docx: OOXML('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'),
  xlsx: OOXML('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'),
  pptx: OOXML('application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx'),
  // the old Office formats are OLE compound files: file-type reports 'cfb' for both
  doc: { sniffed: ['cfb'], contentType: 'application/msword' },
  xls: { sniffed: ['cfb'], contentType: 'application/vnd.ms-excel' },
  zip: { sniffed: ['zip'], contentType: 'application/zip', zip: true },
  // OFD (the national layout format, GB/T 33190) is a ZIP package
  ofd: { sniffed: ['zip'], contentType: 'application/ofd', zip: true },
  txt: { sniffed: null, contentType: 'text/plain; charset=utf-8' },
  csv: { sniffed: null, contentType: 'text/csv; charset=utf-8' },
};

/** Served inline (shown in the browser); everything else is a download. */
export function isInline(contentType: string): boolean {
  return /^image\/(jpeg|png|gif|webp)$/.test(contentType) || contentType === 'application/pdf';
}

/** A file's name as it will be stored and served: refused (400 `filename`) when it could name a path or hide. */
export function checkFilename(name: string | undefined): string {
  const refuse = (en: string, zh: string, code: string) => {
    throw new InvalidFieldError('filename', en, zh, code);
  };
  const value = (name ?? '').normalize('NFC');
  if (!value.trim()) refuse('a file needs a name', '文件名不能为空', 'empty');
  if ([...value].length > MAX_FILENAME_LENGTH) {
    refuse(`at most ${MAX_FILENAME_LENGTH} characters`, `文件名不得超过${MAX_FILENAME_LENGTH}个字符`, 'too_long');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) {
    refuse('control characters are not allowed', '文件名不能含控制字符', 'control_character');
  }
  if (/[/\\]/.test(value) || value.includes('..')) {
    refuse('a name, not a path: no /, \\ or ..', '文件名不能含有“/”“\\”或“..”', 'path');
  }
  return value;
}

export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
}

/** Thrown for content that is not of an accepted type, or not of the type its name says: 415, naming `file`. */
export class UnsupportedFileError extends DomainError {
  constructor(en: string, zh: string, code = 'unsupported_type') {
    super(415, 'unsupported_media_type', `file: ${en}`, `file:${zh}`, [
      { field: 'file', code, message: en, messageZh: zh },
    ]);
  }
}

/** Valid UTF-8 without NUL bytes: what a .txt or .csv must be, having no magic to sniff. */
export function isPlainText(content: Buffer): boolean {
  if (content.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Content-Type a file is stored with, once its content is found to be of an accepted type agreeing with its
 * name's extension; else an UnsupportedFileError (415) or, for an empty file, a 400.
 */
export async function acceptedType(filename: string, content: Buffer): Promise<{ contentType: string; zip: boolean }> {
  if (!content.length) throw new InvalidFieldError('file', 'the file is empty', '文件为空', 'empty');
  const ext = extensionOf(filename);
  const accepted = ACCEPTED[ext];
  if (!accepted) {
    throw new UnsupportedFileError(
      `files of type .${ext || '(none)'} are not accepted; accepted: ${Object.keys(ACCEPTED).join(', ')}`,
      `不接受此类文件（.${ext || '无扩展名'}），可接受：${Object.keys(ACCEPTED).join('、')}`,
    );
  }
  const sniffed = await fromBuffer(content);
  if (accepted.sniffed === null) {
    if (sniffed || !isPlainText(content)) {
      throw new UnsupportedFileError(
        `a .${ext} file must be UTF-8 text`,
        `.${ext}文件须为UTF-8编码的文本`,
        'type_mismatch',
      );
    }
  } else if (!sniffed || !accepted.sniffed.includes(sniffed.ext)) {
    throw new UnsupportedFileError(
      `the content (${sniffed?.ext ?? 'unknown'}) is not what the name's extension .${ext} says`,
      `文件内容（${sniffed?.ext ?? '未知类型'}）与扩展名.${ext}不符`,
      'type_mismatch',
    );
  }
  return { contentType: accepted.contentType, zip: accepted.zip === true };
}

export interface ZipLimits {
  maxTotal: number;
  maxEntries: number;
  maxRatio: number;
  ratioFloor: number;
}

export const ZIP_LIMITS: ZipLimits = {
  maxTotal: ZIP_MAX_TOTAL,
  maxEntries: ZIP_MAX_ENTRIES,
  maxRatio: ZIP_MAX_RATIO,
  ratioFloor: ZIP_RATIO_FLOOR,
};

const zipRefusal = (en: string, zh: string, code: string) => new InvalidFieldError('file', en, zh, code);

/**
 * Reads a ZIP's central directory (without inflating anything) and refuses, with a 400 naming `file`, a package
 * that declares more than the limits: too many entries, too large a total, or an entry compressed too many times.
 */
export function checkZip(content: Buffer, limits: ZipLimits = ZIP_LIMITS): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(content, { lazyEntries: true, validateEntrySizes: false }, (err, zip) => {
      if (err || !zip) {
        reject(zipRefusal('the ZIP package cannot be read', '无法读取该压缩包', 'bad_zip'));
        return;
      }
      if (zip.entryCount > limits.maxEntries) {
        zip.close();
        reject(
          zipRefusal(
            `the package lists ${zip.entryCount} entries, more than ${limits.maxEntries}`,
            `压缩包含${zip.entryCount}个条目，超过${limits.maxEntries}个`,
            'zip_entries',
          ),
        );
        return;
      }
      let total = 0;
      let done = false;
      const fail = (e: Error) => {
        if (done) return;
        done = true;
        zip.close();
        reject(e);
      };
      zip.on('entry', (entry: yauzl.Entry) => {
        total += entry.uncompressedSize;
        if (total > limits.maxTotal) {
          fail(
            zipRefusal(
              `the package declares more than ${limits.maxTotal} bytes uncompressed`,
              `压缩包解压后超过${limits.maxTotal}字节`,
              'zip_total',
            ),
          );
          return;
        }
        const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
        if (entry.uncompressedSize > limits.ratioFloor && ratio > limits.maxRatio) {
          fail(
            zipRefusal(
              `an entry is compressed ${Math.round(ratio)} times, more than ${limits.maxRatio}`,
              `压缩包中有条目压缩比为${Math.round(ratio)}，超过${limits.maxRatio}`,
              'zip_ratio',
            ),
          );
          return;
        }
        zip.readEntry();
      });
      zip.on('end', () => {
        if (done) return;
        done = true;
        resolve();
      });
      zip.on('error', () => fail(zipRefusal('the ZIP package cannot be read', '无法读取该压缩包', 'bad_zip')));
      zip.readEntry();
    });
  });
}
