// Word documents laid out as Chinese official papers (公文): A4 with the GB/T 9704 margins, a title in a display
// face, headings in 黑体, body text in 仿宋, tables in 宋体, page numbers in the footer. East-Asian fonts are
// declared on every run, so Word renders Chinese in the intended face rather than a Latin fallback.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IBorderOptions,
  type ParagraphChild,
} from 'docx';

export type DocLocale = 'zh-CN' | 'en';
export type TextStyle = 'title' | 'subtitle' | 'heading' | 'body' | 'table' | 'tableHead' | 'small';
export type Align = 'left' | 'center' | 'right';

const LATIN = 'Times New Roman';
const EAST_ASIA: Record<TextStyle, string> = {
  title: '方正小标宋简体',
  subtitle: '楷体',
  heading: '黑体',
  body: '仿宋',
  table: '宋体',
  tableHead: '黑体',
  small: '宋体',
};

/** Sizes in half-points: Chinese papers use 二号 (22pt) titles and 三号 (16pt) text; English ones run smaller. */
const SIZE: Record<DocLocale, Record<TextStyle, number>> = {
  'zh-CN': { title: 44, subtitle: 32, heading: 32, body: 32, table: 21, tableHead: 21, small: 28 },
  en: { title: 36, subtitle: 28, heading: 28, body: 24, table: 20, tableHead: 20, small: 22 },
};

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

function font(style: TextStyle) {
  return { ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia: EAST_ASIA[style] };
}

export interface RunOptions {
  bold?: boolean;
  colour?: string;
}

/** A run of text in one of the paper's styles. */
export function textRun(locale: DocLocale, text: string, style: TextStyle, opts: RunOptions = {}): TextRun {
  return new TextRun({
    text,
    font: font(style),
    size: SIZE[locale][style],
    bold: opts.bold ?? (style === 'heading' && locale === 'en' ? true : undefined),
    color: opts.colour,
    language: { value: locale === 'en' ? 'en-GB' : 'zh-CN', eastAsia: 'zh-CN' },
  });
}

export interface ParagraphOptions extends RunOptions {
  align?: Align;
  /** Indent the first line by two characters, as body paragraphs of Chinese papers are. */
  indent?: boolean;
  spaceBefore?: number;
  spaceAfter?: number;
  borderBottom?: boolean;
  borderTop?: boolean;
  keepNext?: boolean;
}

const RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 4 };

export function paragraph(
  locale: DocLocale,
  content: string | ParagraphChild[],
  style: TextStyle = 'body',
  opts: ParagraphOptions = {},
): Paragraph {
  const children = typeof content === 'string' ? [textRun(locale, content, style, opts)] : content;
  const size = SIZE[locale][style];
  return new Paragraph({
    children,
    alignment: ALIGN[opts.align ?? 'left'],
    indent: opts.indent ? { firstLine: size * 20 } : undefined,
    spacing: { before: opts.spaceBefore ?? 0, after: opts.spaceAfter ?? 0, line: style === 'body' ? 360 : undefined },
    border:
      opts.borderBottom || opts.borderTop
        ? { bottom: opts.borderBottom ? RULE : undefined, top: opts.borderTop ? RULE : undefined }
        : undefined,
    keepNext: opts.keepNext,
  });
}

/** Two texts on one line, one at each margin (e.g. the issuing office and the date). */
export function splitLine(locale: DocLocale, left: string, right: string, opts: ParagraphOptions = {}): Table {
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const bottom = opts.borderBottom ? { style: BorderStyle.SINGLE, size: 12, color: '000000' } : none;
  const cell = (text: string, align: Align) =>
    new TableCell({
      children: [paragraph(locale, text, 'subtitle', { align })],
      borders: { top: none, left: none, right: none, bottom },
      width: { size: 50, type: WidthType.PERCENTAGE },
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
    rows: [new TableRow({ children: [cell(left, 'left'), cell(right, 'right')] })],
  });
}

export interface TableOptions {
  /** Relative column widths; equal when omitted. */
  widths?: number[];
  align?: Align[];
}

/** A table with a shaded header row that repeats on every page. */
export function dataTable(locale: DocLocale, headers: string[], rows: string[][], opts: TableOptions = {}): Table {
  const widths = opts.widths ?? headers.map(() => 1);
  const total = widths.reduce((a, w) => a + w, 0);
  const pct = widths.map((w) => Math.round((w / total) * 100));
  const cell = (text: string, i: number, head: boolean) =>
    new TableCell({
      width: { size: pct[i], type: WidthType.PERCENTAGE },
      shading: head ? { fill: 'E7E6E6' } : undefined,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      children: text.split('\n').map((line) =>
        paragraph(locale, line, head ? 'tableHead' : 'table', {
          align: head ? 'center' : (opts.align?.[i] ?? 'left'),
        }),
      ),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, i, false)) })),
    ],
  });
}

export interface PaperOptions {
  locale: DocLocale;
  title: string;
  subject?: string;
  creator: string;
  children: (Paragraph | Table)[];
}

/** The document as a .docx file: A4, GB/T 9704 margins, page numbers centred in the footer. */
export function writePaper(opts: PaperOptions): Promise<Buffer> {
  const { locale } = opts;
  const pageNumber =
    locale === 'en'
      ? [
          textRun(locale, 'Page ', 'small'),
          new TextRun({ children: [PageNumber.CURRENT], font: font('small'), size: SIZE[locale].small }),
          textRun(locale, ' of ', 'small'),
          new TextRun({ children: [PageNumber.TOTAL_PAGES], font: font('small'), size: SIZE[locale].small }),
        ]
      : [
          textRun(locale, '— ', 'small'),
          new TextRun({ children: [PageNumber.CURRENT], font: font('small'), size: SIZE[locale].small }),
          textRun(locale, ' —', 'small'),
        ];
  const doc = new Document({
    creator: opts.creator,
    title: opts.title,
    subject: opts.subject,
    styles: {
      default: {
        document: {
          run: {
            font: font('body'),
            size: SIZE[locale].body,
            language: { value: locale === 'en' ? 'en-GB' : 'zh-CN', eastAsia: 'zh-CN' },
          },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            // A4; top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (GB/T 9704)
            size: { width: 11906, height: 16838 },
            margin: { top: 2098, bottom: 1984, left: 1587, right: 1474, footer: 992 },
          },
        },
        footers: { default: new Footer({ children: [paragraph(locale, pageNumber, 'small', { align: 'center' })] }) },
        children: opts.children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A Content-Disposition value for a download whose name may hold Chinese (RFC 6266 / RFC 5987). */
export function attachmentDisposition(filename: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${asciiFallback.replace(/["\\]/g, '')}"; filename*=UTF-8''${encoded}`;
}

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
