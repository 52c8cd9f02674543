// The dossier as a ZIP: its document, every attachment under 附件/ (attachments/) exactly as uploaded, and a list of
// the files with their sizes and SHA-256, so whoever files the dossier can prove nothing was changed.
import { createHash } from 'node:crypto';
import { ZipFile } from 'yazl';
import type { DocLocale } from '../documents/docx';

export interface DossierFile {
  name: string;
  content: Buffer;
  /** When the file was made or added to the record (its time in the ZIP). */
  at: Date;
}

/** A name safe in a ZIP on every system: no path separators, no control or reserved characters. */
export function zipSafeName(name: string): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\\/:*?"<>|]+/g, '_')
    .replace(/^\.+/, '_')
    .trim();
  return cleaned || '_';
}

/** Names made unique by a number before the extension: 照片.jpg, 照片（2）.jpg. */
export function uniqueNames(names: string[], locale: DocLocale): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const key = name.toLowerCase();
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n === 1) return name;
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    return locale === 'en' ? `${stem} (${n})${ext}` : `${stem}（${n}）${ext}`;
  });
}

export async function dossierZip(
  locale: DocLocale,
  document: DossierFile,
  attachments: (DossierFile & { section: string })[],
): Promise<Buffer> {
  const zip = new ZipFile();
  const folder = locale === 'en' ? 'attachments' : '附件';
  const names = uniqueNames(
    attachments.map((a) => `${zipSafeName(a.section)}/${zipSafeName(a.name)}`),
    locale,
  );
  const lines = [
    locale === 'en' ? 'File\tBytes\tSHA-256' : '文件\t字节数\tSHA-256',
    `${document.name}\t${document.content.length}\t${sha256(document.content)}`,
  ];
  zip.addBuffer(document.content, zipSafeName(document.name), { mtime: document.at });
  attachments.forEach((a, i) => {
    const path = `${folder}/${names[i]}`;
    // Photos and PDFs are compressed already: stored as they are.
    zip.addBuffer(a.content, path, {
      mtime: a.at,
      compress: !/\.(jpe?g|png|gif|webp|pdf|zip|docx|xlsx|pptx|ofd)$/i.test(path),
    });
    lines.push(`${path}\t${a.content.length}\t${sha256(a.content)}`);
  });
  zip.addBuffer(Buffer.from(lines.join('\r\n') + '\r\n', 'utf8'), locale === 'en' ? 'files.txt' : '文件清单.txt', {
    mtime: document.at,
  });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}
