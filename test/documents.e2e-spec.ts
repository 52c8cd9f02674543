// Every kind of document of the demo plan (bulletin, meeting notice, minutes, reminder letter, red and yellow
// supervision notices), in Chinese and English, read back from the DOCX XML: the GB/T 9704 page, grid, fonts and sizes,
// red masthead and page-number fields. Then a scan of all generated Chinese text (documents, mail, ICS), the templates
// and the demo plan for ASCII punctuation next to Chinese characters. Where LibreOffice is installed, the PDFs too.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { renderAll, type RenderResult } from '../bench/documents-render';
import { asciiPunctuationNextToCjk, fullWidthPunctuation } from '../src/documents/chinese';
import { docxToPdf, sofficePath } from '../src/documents/pdf';
import { runCli } from '../src/cli';
import { MailSender } from '../src/mail/mail-sender';
import { startApp, tempDir, type TestApp } from './support/app';
import { smtpConfig, startSmtp, type ReceivedMessage, type TestSmtpServer } from './support/smtp';

const KINDS = ['bulletin', 'notice', 'minutes', 'reminder-letter', 'supervision-red', 'supervision-yellow'];

async function parts(docx: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(docx);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files)) {
    if (/\.xml(\.rels)?$/.test(name)) out[name] = await zip.file(name)!.async('string');
  }
  return out;
}

/** The visible text of a Word document: its runs joined, paragraph by paragraph. */
function wordText(xml: string): string {
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n');
}

function htmlText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;/g, '=');
}

/** Problems as readable lines, so a failure says where. */
function problems(source: string, text: string): string[] {
  return asciiPunctuationNextToCjk(text).map((p) => `${source}: "${p.char}" in …${p.context}…`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the documents of the demo plan', () => {
  const dir = tempDir();
  let r: RenderResult;
  const xml = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    r = await renderAll(dir);
    for (const f of r.files) xml.set(`${f.kind}.${f.locale}`, await parts(f.docx));
  }, 120_000);

  afterAll(async () => {
    await r?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders every kind in both languages', () => {
    for (const kind of KINDS) for (const locale of ['zh-CN', 'en']) expect(xml.has(`${kind}.${locale}`)).toBe(true);
  });

  it('lays every document on the GB/T 9704 page: A4, margins 37/28/35/26 mm, 22 lines of 28.95 pt', () => {
    for (const [name, p] of xml) {
      const doc = p['word/document.xml'];
      expect([name, /<w:pgSz w:w="11906" w:h="16838"/.test(doc)]).toEqual([name, true]);
      const margin = /<w:pgMar ([^>]*)\/>/.exec(doc)?.[1] ?? '';
      for (const [k, v] of [
        ['top', 2098],
        ['bottom', 1984],
        ['left', 1587],
        ['right', 1474],
      ]) {
        expect([name, k, new RegExp(`w:${k}="${v}"`).test(margin)]).toEqual([name, k, true]);
      }
      expect([name, /<w:docGrid w:type="lines" w:linePitch="579"/.test(doc)]).toEqual([name, true]);
      // body lines exactly one grid line apart
      expect(doc).toMatch(/<w:spacing [^>]*w:line="579" w:lineRule="exact"/);
    }
  });

  it('names the office fonts at the standard sizes: 3号 仿宋 body, 2号 小标宋 title, 黑体 headings', () => {
    for (const [name, p] of xml) {
      const styles = p['word/styles.xml'];
      expect([name, /<w:rPrDefault><w:rPr><w:rFonts [^>]*w:eastAsia="仿宋_GB2312"/.test(styles)]).toEqual([name, true]);
      expect([name, /<w:rPrDefault>[\s\S]*?<w:sz w:val="32"\/>/.test(styles)]).toEqual([name, true]);
      const doc = p['word/document.xml'];
      expect([name, /w:eastAsia="方正小标宋简体"[^]*?<w:sz w:val="44"\/>/.test(doc)]).toEqual([name, true]);
      if (!name.startsWith('supervision')) expect([name, /w:eastAsia="黑体"/.test(doc)]).toEqual([name, true]);
    }
  });

  it('heads every document with a red masthead over a red separator', () => {
    for (const [name, p] of xml) {
      const doc = p['word/document.xml'];
      // the first run of the body is the red mark (or title) in 小标宋
      const first = /<w:r><w:rPr>(.*?)<\/w:rPr><w:t[^>]*>([^<]+)<\/w:t>/.exec(doc);
      expect([name, first?.[1]]).toEqual([name, expect.stringContaining('w:eastAsia="方正小标宋简体"')]);
      expect([name, first?.[1]]).toEqual([name, expect.stringContaining('<w:color w:val="FF0000"/>')]);
      expect([name, /<w:bottom w:val="single" w:color="FF0000"/.test(doc)]).toEqual([name, true]);
    }
    const notice = wordText(xml.get('notice.zh-CN')!['word/document.xml']);
    expect(notice).toMatch(/^天水市5G建设和应用推进工作专班办公室\n\n天水5G专班〔2023〕\d+号/m);
    const red = wordText(xml.get('supervision-red.zh-CN')!['word/document.xml']);
    expect(red).toMatch(/督办〔2023〕\d+号/);
    expect(red).toContain('红色督办');
    const bulletin = wordText(xml.get('bulletin.zh-CN')!['word/document.xml']);
    expect(bulletin).toMatch(
      /^天水市5G建设和应用推进工作专班工作通报\n第1期\n天水市5G建设和应用推进工作专班办公室\t2023年9月20日/,
    );
    expect(wordText(xml.get('minutes.zh-CN')!['word/document.xml'])).toMatch(/会议纪要\n第\d+期/);
  });

  it('numbers the pages "— 1 —" in 4号 宋体 on the outer side: odd pages right, even pages left', () => {
    for (const [name, p] of xml) {
      expect([name, /<w:evenAndOddHeaders\/>/.test(p['word/settings.xml'])]).toEqual([name, true]);
      const doc = p['word/document.xml'];
      const footers = [...doc.matchAll(/<w:footerReference w:type="(default|even)" r:id="([^"]+)"/g)];
      expect(footers.map((f) => f[1]).sort()).toEqual(['default', 'even']);
      const rels = p['word/_rels/document.xml.rels'];
      for (const [, type, id] of footers) {
        const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? '';
        const footer = p[`word/${target}`];
        expect(footer).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
        expect(footer).toContain('<w:t xml:space="preserve">— </w:t>');
        expect(footer).toMatch(/w:eastAsia="宋体"[^]*<w:sz w:val="28"\/>/);
        expect([name, type, footer]).toEqual([
          name,
          type,
          expect.stringContaining(`<w:jc w:val="${type === 'default' ? 'right' : 'left'}"/>`),
        ]);
      }
    }
  });

  it('repeats table headers on every page and sizes columns from the content', () => {
    const doc = xml.get('bulletin.zh-CN')!['word/document.xml'];
    const tables = doc.split('<w:tbl>').slice(1);
    expect(tables.length).toBeGreaterThan(4);
    for (const t of tables.filter((x) => x.includes('<w:tblHeader/>'))) {
      const cols = [...t.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
      expect(cols.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(11906 - 1587 - 1474);
      expect(new Set(cols).size).toBeGreaterThan(1);
    }
  });

  it('writes dates in Chinese and closes with 抄送 and 印发 lines', () => {
    for (const kind of KINDS) {
      const text = wordText(xml.get(`${kind}.zh-CN`)!['word/document.xml']);
      expect([kind, text.match(/\d{4}-\d{2}-\d{2}/g)]).toEqual([kind, null]);
      expect(text).toMatch(/2023年9月20日印发/);
    }
    const notice = wordText(xml.get('notice.zh-CN')!['word/document.xml']);
    expect(notice).toContain('联系人：');
    expect(notice).toContain('参会回执');
    expect(wordText(xml.get('minutes.zh-CN')!['word/document.xml'])).not.toContain('未记录讨论情况');
  });

  it('writes the English documents with English names and sign-off', () => {
    const notice = wordText(xml.get('notice.en')!['word/document.xml']);
    expect(notice).toContain('Office of the Tianshui 5G Construction and Application Task Force');
    expect(notice).toContain('China Mobile Tianshui Branch');
    expect(notice).not.toContain('牵头单位');
    const red = wordText(xml.get('supervision-red.en')!['word/document.xml']);
    expect(red).toContain('Supervision Notice');
    expect(red).toContain('Lead unit');
  });

  it('gives the sent bulletin HTML without the draft banner', () => {
    // the banner of a preview (the counting rule's "不含尚未下达的草稿" is not one)
    for (const b of r.bulletinHtml) expect(b.html).not.toMatch(/草稿预览|尚未印发|draft preview|not been sent/i);
  });

  it('writes no ASCII , : ; ( ) ! ? next to Chinese in any document, mail, invitation, template or the demo plan', () => {
    const found: string[] = [];
    // Chinese output: an English document or mail rightly uses ASCII punctuation, even beside a Chinese name.
    for (const [name, p] of xml) {
      if (name.endsWith('.zh-CN')) found.push(...problems(`${name}.docx`, wordText(p['word/document.xml'])));
    }
    const chineseMail = r.mail.filter((m) => /[\u4e00-\u9fff]/.test(m.subject));
    expect(new Set(chineseMail.map((m) => m.kind))).toEqual(
      new Set([
        'bulletin',
        'meeting.invitation',
        'meeting.minutes',
        'reminder.letter',
        'dispatch.request',
        'dispatch.reminder',
        'digest',
        'escalation',
      ]),
    );
    for (const m of chineseMail) {
      found.push(...problems(`mail ${m.kind} subject`, m.subject));
      found.push(...problems(`mail ${m.kind} text`, m.text));
      found.push(...problems(`mail ${m.kind} html`, htmlText(m.html)));
    }
    for (const i of r.ics.filter((x) => x.locale === 'zh-CN')) {
      // the values of the text properties, unfolded and unescaped
      const values = i.text
        .replace(/\r?\n[ \t]/g, '')
        .split(/\r?\n/)
        .filter((l) => /^(SUMMARY|DESCRIPTION|LOCATION)[;:]/.test(l))
        .map((l) =>
          l
            .slice(l.indexOf(':') + 1)
            .replace(/\\n/gi, '\n')
            .replace(/\\([,;\\])/g, '$1'),
        );
      found.push(...problems('invitation.zh-CN.ics', values.join('\n')));
    }
    for (const b of r.bulletinHtml.filter((x) => x.locale === 'zh-CN'))
      found.push(...problems(`bulletin.${b.locale}.html`, htmlText(b.html)));
    for (const file of filesUnder(join(__dirname, '../templates')).filter((f) => /zh-CN\.[a-z.]*hbs$/.test(f))) {
      const raw = readFileSync(file, 'utf8');
      // Literal text only: expressions stand for values, tags and styles are not text.
      const text = raw.replace(/\{\{[^}]*\}\}\}?/g, 'x').replace(/<[^>]*>/g, '\n');
      found.push(...problems(file.replace(/^.*templates\//, 'templates/'), text));
    }
    const plan = readFileSync(join(__dirname, '../config/demo-plan.json'), 'utf8');
    found.push(...problems('config/demo-plan.json', plan));
    expect(found).toEqual([]);
  });

  it("keeps the demo plan's quotes traceable to the source document", () => {
    const plan = JSON.parse(readFileSync(join(__dirname, '../config/demo-plan.json'), 'utf8'));
    const quotes: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'quote' && typeof x === 'string') quotes.push(x);
          else walk(x);
        }
      }
    };
    walk(plan);
    const seed = join(__dirname, '../../../shared/seed/000_7dba295776d228ab.txt');
    let source: string;
    try {
      source = readFileSync(seed, 'utf8');
    } catch {
      source = '';
    }
    expect(quotes.length).toBeGreaterThan(20);
    if (!source) return; // the source document lives beside the repository, not in it
    const norm = (t: string) => fullWidthPunctuation(t).replace(/\s+/g, '');
    const text = norm(source);
    expect(quotes.filter((q) => !text.includes(norm(q)))).toEqual([]);
  });

  // Runs wherever LibreOffice is installed (CI installs it); without it there is no PDF to read.
  it('converts to PDF with LibreOffice: pages counted and the text read back', async () => {
    if (!sofficePath()) return;
    for (const name of ['bulletin.zh-CN', 'supervision-red.en']) {
      const file = r.files.find((f) => `${f.kind}.${f.locale}` === name)!;
      const pdf = await docxToPdf(file.docx, { timeoutMs: 120_000 });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const path = join(dir, `${name}.pdf`);
      writeFileSync(path, pdf);
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path]).toString())?.[1]);
      // pdftotext puts spaces between Chinese and Latin text and drops them around the page numbers' dashes.
      const text = execFileSync('pdftotext', [path, '-'])
        .toString()
        .replace(/[ \u00a0]+/g, '');
      expect(pages).toBeGreaterThan(1);
      expect(text).toContain('—1—');
      expect(text).toContain(`—${pages}—`);
      if (name === 'bulletin.zh-CN') {
        expect(text).toContain('天水市5G建设和应用推进工作专班工作通报');
        expect(text).toContain('2023年9月20日印发');
      } else {
        expect(text).toContain('SupervisionNotice');
      }
    }
  }, 240_000);
});

describe('document endpoints and the mail they go out with', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startApp({ config: { ...smtpConfig(smtp.port), publicUrl: 'https://zhuanban.tianshui.example.cn' } });
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  async function download(who: string, path: string) {
    const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${await t.as(who)}` } });
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) };
  }

  it('issues a supervision notice for a red task, numbered once; refuses an ungraded task and a liaison', async () => {
    const red = (await t.get('secretariat', '/api/tasks?colour=red&pageSize=1')).items[0];
    const first = await download('secretariat', `/api/tasks/${red.id}/supervision-notice.docx`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(decodeURIComponent(first.headers.get('content-disposition') ?? '')).toContain(`督办单-${red.code}.docx`);
    const text = wordText((await parts(first.body))['word/document.xml']);
    const number = /督办〔2023〕(\d+)号/.exec(text)?.[1];
    expect(number).toBeDefined();
    expect(text).toContain('红色督办');
    expect(text).toContain('办理情况反馈');
    const again = wordText(
      (await parts((await download('lead', `/api/tasks/${red.id}/supervision-notice.docx`)).body))['word/document.xml'],
    );
    expect(again).toContain(`督办〔2023〕${number}号`);

    const ungraded = (await t.get('secretariat', '/api/tasks?colour=none&pageSize=1')).items[0];
    const refused = await download('secretariat', `/api/tasks/${ungraded.id}/supervision-notice.docx`);
    expect(refused.status).toBe(409);
    expect(refused.json().code).toBe('not_graded');
    expect((await download('liaison', `/api/tasks/${red.id}/supervision-notice.docx`)).status).toBe(403);
  });

  it('answers 406 naming the Debian package when LibreOffice is missing', async () => {
    const created = await t.call('secretariat', 'POST', '/api/bulletins', { period: '2023-09' });
    expect(created.status).toBe(201);
    const saved = process.env.SOFFICE_PATH;
    process.env.SOFFICE_PATH = '/nonexistent/soffice';
    try {
      const res = await download('secretariat', `/api/bulletins/${created.body.id}/document.pdf`);
      expect(res.status).toBe(406);
      expect(res.json().code).toBe('pdf_unavailable');
      expect(JSON.stringify(res.json())).toContain('libreoffice-writer-nogui');
    } finally {
      if (saved === undefined) delete process.env.SOFFICE_PATH;
      else process.env.SOFFICE_PATH = saved;
    }
    if (sofficePath()) {
      const pdf = await download('secretariat', `/api/bulletins/${created.body.id}/document.pdf`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    }
    await t.call('secretariat', 'DELETE', `/api/bulletins/${created.body.id}`);
  });

  it('the command line writes a meeting notice as PDF, or says which package it needs', async () => {
    const gxj = (await t.get('admin', '/api/units')).find((u: { code: string }) => u.code === 'gxj');
    const created = await t.call('secretariat', 'POST', '/api/meetings', {
      title: '5G建设和应用推进工作专班第四次会商会',
      startsAt: '2023-10-12T09:30:00+08:00',
      endsAt: '2023-10-12T11:00:00+08:00',
      place: '市工信局三楼会议室',
      unitIds: [gxj.id],
    });
    expect(created.status).toBe(201);
    const cli = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const overrides = { database: t.config.database, log: { level: 'error' }, clock: { today: '2023-09-20' } };
      const code = await runCli(argv, overrides, { stdout: (x) => out.push(x), stderr: (x) => err.push(x) });
      return { code, out: out.join(''), err: err.join('') };
    };
    const file = join(tempDir(), 'notice.pdf');
    const argv = [
      'meeting-doc',
      '--meeting',
      String(created.body.id),
      '--kind',
      'agenda',
      '--format',
      'pdf',
      '--out',
      file,
    ];
    const saved = process.env.SOFFICE_PATH;
    process.env.SOFFICE_PATH = '/nonexistent/soffice';
    try {
      const refused = await cli(...argv);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('libreoffice-writer-nogui');
    } finally {
      if (saved === undefined) delete process.env.SOFFICE_PATH;
      else process.env.SOFFICE_PATH = saved;
    }
    if (sofficePath()) {
      const res = await cli(...argv);
      expect(res.err).toBe('');
      expect(res.out).toMatch(/^wrote .*notice\.pdf \(会商会议议程-2023-10-12\.pdf, \d+ bytes\)/);
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    }
  }, 120_000);

  it('names unitId when a reminder letter is asked for without it', async () => {
    const bad = await download('secretariat', '/api/meetings/1/reminder-letter.docx');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('unitId');
  });

  it('sends mail with the footer in the text part, Auto-Submitted and List-Unsubscribe to the unit settings', async () => {
    const created = await t.call('secretariat', 'POST', '/api/bulletins', { period: '2023-09' });
    expect((await t.call('secretariat', 'POST', `/api/bulletins/${created.body.id}/send`)).status).toBe(200);
    await t.app.get(MailSender).deliverAll();
    const m = smtp.messages.find((x) => /[\u4e00-\u9fff]/.test(x.subject)) as ReceivedMessage;
    expect(m.headers.get('auto-submitted')).toBe('auto-generated');
    // header lines unfolded
    expect(m.raw.toString('utf8').replace(/\r?\n[ \t]+/g, ' ')).toMatch(
      /^List-Unsubscribe: <https:\/\/zhuanban\.tianshui\.example\.cn\/my-unit>, <mailto:zhuanban@tianshui\.example\.cn\?subject=unsubscribe>/m,
    );
    expect(m.text).toContain('本邮件由专班工作系统自动发送，请勿直接回复。');
    expect(m.text).toContain('https://zhuanban.tianshui.example.cn');
  });
});
