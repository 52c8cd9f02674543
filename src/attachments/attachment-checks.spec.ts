// The pure checks of an upload: names that could be paths or hide something, content that must agree with the
// name's extension, and ZIP packages whose central directory declares a bomb.
import { Document, Packer, Paragraph } from 'docx';
import * as yazl from 'yazl';
import { DomainError } from '../common/errors';
import { acceptedType, checkFilename, checkZip, isInline, isPlainText } from './attachment-checks';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

function zip(entries: [string, Buffer][], compress = true): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, content] of entries) z.addBuffer(content, name, { compress });
  z.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    z.outputStream.on('error', reject);
  });
}

async function refusal(
  p: Promise<unknown> | (() => unknown),
): Promise<{ status: number; field: string; code: string }> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { status: e.status, field: e.errors[0]?.field, code: e.errors[0]?.code };
  }
  throw new Error('not refused');
}

describe('attachment names', () => {
  it('keeps a Chinese name as it is', () => {
    expect(checkFilename('天水移动基站建设进展（2023年9月）.docx')).toBe('天水移动基站建设进展（2023年9月）.docx');
  });

  it.each([
    ['a path', '../etc/passwd.txt', 'path'],
    ['a slash', 'a/b.txt', 'path'],
    ['a backslash', 'a\\b.txt', 'path'],
    ['two dots', '进展..docx', 'path'],
    ['a control character', 'a\u0001b.txt', 'control_character'],
    ['a tab', 'a\tb.txt', 'control_character'],
    ['empty', '', 'empty'],
    ['blank', '   ', 'empty'],
    ['too long', `${'长'.repeat(197)}.txt`, 'too_long'],
  ])('refuses %s with a 400 naming filename', async (_what, name, code) => {
    expect(await refusal(() => checkFilename(name))).toEqual({ status: 400, field: 'filename', code });
  });

  it('takes a name of exactly 200 characters', () => {
    expect(checkFilename(`${'长'.repeat(196)}.txt`)).toHaveLength(200);
  });
});

describe('attachment types', () => {
  it('finds the type from the content when the extension agrees', async () => {
    expect(await acceptedType('现场.png', PNG)).toEqual({ contentType: 'image/png', zip: false });
    expect(await acceptedType('通知.PDF', PDF)).toEqual({ contentType: 'application/pdf', zip: false });
    expect(await acceptedType('说明.txt', Buffer.from('基站建设进展，第一行\n'))).toEqual({
      contentType: 'text/plain; charset=utf-8',
      zip: false,
    });
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('进展')] }] }));
    expect(await acceptedType('进展.docx', docx)).toMatchObject({ zip: true });
  });

  it('refuses content that is not what the extension says, with a 415 naming file', async () => {
    expect(await refusal(acceptedType('图片.jpg', PNG))).toEqual({ status: 415, field: 'file', code: 'type_mismatch' });
    expect(await refusal(acceptedType('伪装.pdf', Buffer.from('just text')))).toMatchObject({ status: 415 });
    expect(await refusal(acceptedType('图片.txt', PNG))).toMatchObject({ status: 415, code: 'type_mismatch' });
  });

  it('refuses extensions not accepted, and an empty file with a 400', async () => {
    expect(await refusal(acceptedType('run.exe', Buffer.from('MZ....')))).toMatchObject({
      status: 415,
      code: 'unsupported_type',
    });
    expect(await refusal(acceptedType('空.txt', Buffer.alloc(0)))).toEqual({
      status: 400,
      field: 'file',
      code: 'empty',
    });
  });

  it('takes as text only valid UTF-8 without NUL bytes', () => {
    expect(isPlainText(Buffer.from('编号,名称\n1,基站\n'))).toBe(true);
    expect(isPlainText(Buffer.from([0x61, 0x00, 0x62]))).toBe(false);
    expect(isPlainText(Buffer.from([0xc3, 0x28]))).toBe(false);
  });

  it('shows only images and PDF inline', () => {
    expect(isInline('image/png')).toBe(true);
    expect(isInline('application/pdf')).toBe(true);
    expect(isInline('text/plain; charset=utf-8')).toBe(false);
    expect(isInline('application/zip')).toBe(false);
  });
});

describe('ZIP bombs', () => {
  it('takes an ordinary package', async () => {
    await expect(checkZip(await zip([['a.txt', Buffer.from('进展')]]))).resolves.toBeUndefined();
  });

  it('refuses an entry compressed more than 100 times beyond 1 MB, without inflating it', async () => {
    const bomb = await zip([['zeros.bin', Buffer.alloc(5 * 1024 * 1024)]]);
    expect(bomb.length).toBeLessThan(100_000);
    expect(await refusal(checkZip(bomb))).toEqual({ status: 400, field: 'file', code: 'zip_ratio' });
  });

  it('takes a highly compressed entry under 1 MB', async () => {
    await expect(checkZip(await zip([['zeros.bin', Buffer.alloc(512 * 1024)]]))).resolves.toBeUndefined();
  });

  it('refuses a package declaring more than the total, or listing too many entries', async () => {
    const limits = { maxTotal: 1000, maxEntries: 3, maxRatio: 100, ratioFloor: 1024 * 1024 };
    const big = await zip([['a.bin', Buffer.alloc(1001, 1)]], false);
    expect(await refusal(checkZip(big, limits))).toMatchObject({ code: 'zip_total' });
    const many = await zip(['1', '2', '3', '4'].map((n) => [`${n}.txt`, Buffer.from(n)]));
    expect(await refusal(checkZip(many, limits))).toMatchObject({ code: 'zip_entries' });
  });

  it('refuses what is not a ZIP at all', async () => {
    expect(await refusal(checkZip(Buffer.from('PK\u0003\u0004 broken')))).toMatchObject({
      status: 400,
      code: 'bad_zip',
    });
  });
});
