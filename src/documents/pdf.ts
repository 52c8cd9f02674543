// PDF from the very DOCX an office would edit: LibreOffice in headless mode converts it, so the PDF and the Word file
// have one layout and there is one renderer to keep right. Each conversion runs in its own temporary directory with
// its own LibreOffice profile, one at a time, under a time limit; the office fonts are mapped to faces installed on a
// plain Debian machine by a fontconfig file written beside the document.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { DomainError } from '../common/errors';
import { FONT_FALLBACKS } from './docx';

export const PDF_CONTENT_TYPE = 'application/pdf';
export const PDF_PACKAGES = 'libreoffice-writer-nogui fonts-noto-cjk';

/** The server cannot make PDFs: LibreOffice is not installed. */
export class PdfUnavailableError extends DomainError {
  constructor() {
    super(
      406,
      'pdf_unavailable',
      `PDF needs LibreOffice on the server: install the Debian packages ${PDF_PACKAGES} (apt-get install -y ` +
        `${PDF_PACKAGES}); the .docx is available meanwhile`,
      `生成PDF需要服务器安装LibreOffice：请安装Debian软件包${PDF_PACKAGES}（apt-get install -y ${PDF_PACKAGES}）；` +
        '在此之前可下载.docx文件',
    );
  }
}

export class PdfConversionError extends DomainError {
  constructor(reason: string) {
    super(502, 'pdf_failed', `The PDF could not be made: ${reason}`, `PDF生成失败：${reason}`);
  }
}

/** Where soffice is: SOFFICE_PATH, or the first soffice on PATH; null when there is none. */
export function sofficePath(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.SOFFICE_PATH
    ? [env.SOFFICE_PATH]
    : [...(env.PATH ?? '').split(delimiter).map((d) => join(d, 'soffice')), '/usr/bin/soffice'];
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here
    }
  }
  return null;
}

/** fontconfig rules: 仿宋_GB2312 → Noto Serif CJK SC and so on, on top of the system's configuration. */
export function fontConfig(): string {
  const rules = Object.entries(FONT_FALLBACKS)
    .map(
      ([name, f]) =>
        `  <match target="pattern"><test name="family"><string>${name}</string></test>` +
        `<edit name="family" mode="prepend" binding="strong"><string>${f.family}</string></edit>` +
        (f.bold ? '<edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>' : '') +
        '</match>',
    )
    .join('\n');
  return (
    '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n' +
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n' +
    `${rules}\n</fontconfig>\n`
  );
}

let queue: Promise<unknown> = Promise.resolve();

/** One conversion at a time: LibreOffice takes a core and a few hundred MB while it runs. */
function serial<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

export interface PdfOptions {
  timeoutMs?: number;
  soffice?: string | null;
}

/** The DOCX as PDF; PdfUnavailableError when soffice is missing. */
export function docxToPdf(docx: Buffer, opts: PdfOptions = {}): Promise<Buffer> {
  const soffice = opts.soffice === undefined ? sofficePath() : opts.soffice;
  if (!soffice) return Promise.reject(new PdfUnavailableError());
  const timeout = opts.timeoutMs ?? 60_000;
  return serial(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zhuanban-pdf-'));
    try {
      const input = join(dir, 'document.docx');
      await writeFile(input, docx);
      await writeFile(join(dir, 'fonts.conf'), fontConfig());
      await new Promise<void>((resolve, reject) => {
        execFile(
          soffice,
          [
            '--headless',
            '--norestore',
            '--nolockcheck',
            `-env:UserInstallation=file://${join(dir, 'profile')}`,
            '--convert-to',
            'pdf:writer_pdf_Export',
            '--outdir',
            dir,
            input,
          ],
          {
            timeout,
            killSignal: 'SIGKILL',
            env: { ...process.env, FONTCONFIG_FILE: join(dir, 'fonts.conf'), HOME: dir },
          },
          (error, _stdout, stderr) => {
            if (error) {
              const reason = error.killed ? `no answer within ${timeout / 1000} s` : stderr.trim() || error.message;
              reject(new PdfConversionError(reason));
            } else resolve();
          },
        );
      });
      try {
        return await readFile(join(dir, 'document.pdf'));
      } catch {
        throw new PdfConversionError('LibreOffice wrote no PDF');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
