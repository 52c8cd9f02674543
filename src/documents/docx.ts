// Word documents laid out as GB/T 9704-2012 official papers (公文): A4, margins 37/28/35/26 mm, a 22-line × 28-character
// grid, a red masthead (发文机关标志 and 发文字号, or a bulletin's title, 第N期 and editing line) over a red separator,
// the title in 2号 小标宋, body text in 3号 仿宋 with a two-character indent, headings 黑体 → 楷体 → 仿宋, the page
// number "— 1 —" in 4号 宋体 on the outer side, the 落款 and the 抄送/印发 closing block between thick and thin lines.
// Fonts are named as offices have them; pdf.ts maps them to faces that exist on a plain machine.
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  OnOffElement,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type ParagraphChild,
} from 'docx';

export type DocLocale = 'zh-CN' | 'en';
export type Align = 'left' | 'center' | 'right';

/** The faces offices have (GB/T 9704 names them); see FONT_FALLBACKS for what stands in where they are missing. */
export const FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  song: '宋体',
  latin: 'Times New Roman',
} as const;

/** What a plain Debian machine (fonts-noto-cjk, fonts-arphic-ukai) renders each face with. */
export const FONT_FALLBACKS: Record<string, { family: string; bold?: boolean }> = {
  [FONTS.title]: { family: 'Noto Serif CJK SC', bold: true },
  [FONTS.body]: { family: 'Noto Serif CJK SC' },
  [FONTS.heading1]: { family: 'Noto Sans CJK SC' },
  [FONTS.heading2]: { family: 'AR PL UKai CN' },
  [FONTS.song]: { family: 'Noto Serif CJK SC' },
  [FONTS.latin]: { family: 'Liberation Serif' },
};

/** Sizes in half-points: 初号 42pt … 2号 22pt, 3号 16pt, 4号 14pt, 小4 12pt. */
export const SIZES = { erhao: 44, sanhao: 32, sihao: 28, xiaosi: 24, wuhao: 21 } as const;

/** Page geometry in twips (1 mm ≈ 56.7 twips). */
export const PAGE = {
  width: 11906,
  height: 16838,
  top: 2098, // 37 mm
  bottom: 1984, // 35 mm
  left: 1587, // 28 mm
  right: 1474, // 26 mm
  /** The number sits 7 mm under the text block: the footer's bottom edge about 23 mm from the page's. */
  footer: 1304,
  /** The text block: 156 × 225 mm. */
  textWidth: 11906 - 1587 - 1474,
  /** 225 mm / 22 lines. */
  linePitch: 579,
  /** 28 characters of 3号 in 156 mm: each 0.207 pt narrower than 16 pt, in 4096ths of a point (Word's grid). */
  charSpace: -842,
  /**
   * The same squeeze as character spacing, in twips: LibreOffice draws a character grid narrower than the font by
   * putting each character in two cells, so the section declares a line grid and the characters carry the spacing.
   */
  squeeze: -5,
  /** One character of the grid. */
  char: 316,
} as const;

export const RED = 'FF0000';

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

function fonts(eastAsia: string) {
  return { ascii: FONTS.latin, hAnsi: FONTS.latin, cs: FONTS.latin, eastAsia };
}

/**
 * Latin text is tagged English even in a Chinese document: tagged Chinese, LibreOffice breaks a line inside
 * "2023" as it may between two Chinese characters.
 */
function language(locale: DocLocale) {
  return { value: locale === 'en' ? 'en-GB' : 'en-US', eastAsia: 'zh-CN' };
}

export interface RunOptions {
  bold?: boolean;
  italic?: boolean;
  colour?: string;
  /** Half-points; 3号 unless given. */
  size?: number;
  face?: string;
}

/** A run of text: 3号 仿宋 unless told otherwise. */
export function run(locale: DocLocale, text: string, opts: RunOptions = {}): TextRun {
  return new TextRun({
    text,
    font: fonts(opts.face ?? FONTS.body),
    size: opts.size ?? SIZES.sanhao,
    bold: opts.bold,
    italics: opts.italic,
    color: opts.colour,
    language: language(locale),
  });
}

export interface ParagraphOptions {
  align?: Align;
  /** Indent the first line by two characters, as body paragraphs are. */
  indent?: boolean;
  /** Lines of the grid left blank before and after. */
  linesBefore?: number;
  linesAfter?: number;
  keepNext?: boolean;
  /** Exact line height in twips; one grid line unless given. */
  line?: number;
  borderBottom?: IBorderOptions;
  rightIndent?: number;
  leftIndent?: number;
  hanging?: number;
  tabs?: { type: 'left' | 'right' | 'center'; position: number }[];
  pageBreakBefore?: boolean;
  /** Off: the lines keep their own height (tables, the closing block) rather than one grid line each. */
  grid?: boolean;
}

/**
 * A paragraph that keeps its own line height instead of the grid's (w:snapToGrid off), as table text does. docx has no
 * option for it, so the element goes into the paragraph's properties where the schema puts it: before w:spacing.
 */
function offGrid(p: Paragraph): Paragraph {
  const root = (p as unknown as { properties: { root: unknown[] } }).properties.root;
  const at = root.findIndex((e) => (e as { rootKey?: string }).rootKey === 'w:spacing');
  root.splice(at < 0 ? root.length : at, 0, new OnOffElement('w:snapToGrid', false));
  return p;
}

/** A paragraph on the grid: its lines exactly one grid line apart, so 22 lines fill a page. */
export function para(children: ParagraphChild[], opts: ParagraphOptions = {}): Paragraph {
  const line = opts.line ?? PAGE.linePitch;
  const p = new Paragraph({
    children,
    alignment: ALIGN[opts.align ?? 'left'],
    indent:
      opts.indent || opts.rightIndent || opts.leftIndent || opts.hanging
        ? {
            firstLine: opts.indent ? PAGE.char * 2 : undefined,
            right: opts.rightIndent,
            left: opts.leftIndent,
            hanging: opts.hanging,
          }
        : undefined,
    spacing: {
      before: (opts.linesBefore ?? 0) * line,
      after: (opts.linesAfter ?? 0) * line,
      line,
      lineRule: LineRuleType.EXACT,
    },
    keepNext: opts.keepNext,
    pageBreakBefore: opts.pageBreakBefore,
    border: opts.borderBottom ? { bottom: opts.borderBottom } : undefined,
    tabStops: opts.tabs?.map((t) => ({
      type: t.type === 'right' ? TabStopType.RIGHT : t.type === 'center' ? TabStopType.CENTER : TabStopType.LEFT,
      position: t.position,
    })),
  });
  return opts.grid === false ? offGrid(p) : p;
}

/** Body text: 3号 仿宋, first line indented two characters. */
export function body(locale: DocLocale, content: string | ParagraphChild[], opts: ParagraphOptions = {}): Paragraph {
  const children = typeof content === 'string' ? [run(locale, content)] : content;
  return para(children, { indent: true, ...opts });
}

/** A line without indent (the addressee, 主送机关, sits flush left). */
export function flush(locale: DocLocale, text: string, opts: ParagraphOptions = {}): Paragraph {
  return para([run(locale, text)], opts);
}

/** An empty grid line. */
export function blank(lines = 1): Paragraph {
  return para([], { line: PAGE.linePitch * lines });
}

/** The title: 2号 小标宋, centred. */
export function title(locale: DocLocale, text: string, opts: ParagraphOptions = {}): Paragraph {
  return para([run(locale, text, { face: FONTS.title, size: SIZES.erhao, bold: locale === 'en' })], {
    align: 'center',
    ...opts,
  });
}

/** Heading levels: 一、 in 黑体, （一） in 楷体, 1. in 仿宋 bold; two characters in, kept with what follows. */
export function heading(locale: DocLocale, level: 1 | 2 | 3, text: string, opts: ParagraphOptions = {}): Paragraph {
  const face = level === 1 ? FONTS.heading1 : level === 2 ? FONTS.heading2 : FONTS.body;
  const runOpts: RunOptions = { face, bold: locale === 'en' ? level !== 2 : level === 3 };
  if (locale === 'en' && level === 2) runOpts.italic = true;
  return para([run(locale, text, runOpts)], { indent: true, keepNext: true, ...opts });
}

/** "时间：2023年9月28日…", the label in 黑体 and the value in 仿宋. */
export function labelled(locale: DocLocale, label: string, value: string, opts: ParagraphOptions = {}): Paragraph {
  return para([run(locale, label, { face: FONTS.heading1, bold: locale === 'en' }), run(locale, value)], {
    indent: true,
    ...opts,
  });
}

// --- masthead ---

export interface DocumentMasthead {
  kind: 'document';
  /** 发文机关标志: the issuing organ's mark. */
  organ: string;
  /** 发文字号, e.g. 天水5G专班〔2023〕3号. */
  number?: string;
}

export interface BulletinMasthead {
  kind: 'bulletin';
  /** The bulletin's title in red, e.g. …工作专班工作通报. */
  title: string;
  /** 第N期. */
  issue: string;
  /** The editing office, left, and the date, right, on the line over the red separator. */
  office: string;
  date: string;
}

export type Masthead = DocumentMasthead | BulletinMasthead;

const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2014\u2026]/;

/**
 * Width of a text in characters of its size: CJK and full-width forms one each, Latin letters and digits about half,
 * and a little more where Chinese meets Latin (the space a renderer may put between them).
 */
export function textWidth(text: string): number {
  let w = 0;
  let prev: boolean | null = null;
  for (const ch of text) {
    const wide = WIDE.test(ch);
    w += wide ? 1 : ch === ' ' ? 0.3 : /[A-Z]/.test(ch) ? 0.65 : 0.5;
    if (ch !== ' ' && prev !== null && prev !== wide) w += 0.1;
    prev = ch === ' ' ? null : wide;
  }
  return w;
}

/** The largest size (half-points) at which the text fits the text block on one line, between the bounds given. */
function fittingSize(text: string, max: number, min: number): number {
  const widthPt = (PAGE.textWidth / 20) * 0.96;
  const fit = Math.floor((widthPt / Math.max(textWidth(text), 1)) * 2);
  return Math.max(min, Math.min(max, fit));
}

const redRule = (size: number, space = 4): IBorderOptions => ({ style: BorderStyle.SINGLE, size, color: RED, space });

/** The red masthead (版头) and its separator. */
export function masthead(locale: DocLocale, m: Masthead): Paragraph[] {
  if (m.kind === 'document') {
    const size = fittingSize(m.organ, 88, 44);
    const out = [
      // 35 mm from the top of the text block to the mark (GB/T 9704 7.2.3).
      para([run(locale, m.organ, { face: FONTS.title, size, colour: RED, bold: locale === 'en' })], {
        align: 'center',
        line: Math.max(PAGE.linePitch, size * 12),
        linesBefore: 0,
      }),
    ];
    out.unshift(para([], { line: 1984 - PAGE.linePitch }));
    if (m.number) {
      out.push(blank());
      // The red line 4 mm under the number.
      out.push(para([run(locale, m.number)], { align: 'center', borderBottom: redRule(18, 11) }));
    } else {
      out.push(para([], { borderBottom: redRule(18, 11) }));
    }
    return out;
  }
  const size = fittingSize(m.title, 72, 40);
  return [
    para([run(locale, m.title, { face: FONTS.title, size, colour: RED, bold: locale === 'en' })], {
      align: 'center',
      line: Math.max(PAGE.linePitch, size * 14),
      linesBefore: 1,
    }),
    para([run(locale, m.issue)], { align: 'center', linesBefore: 1 }),
    para([run(locale, m.office), new TextRun({ text: '\t' }), run(locale, m.date)], {
      tabs: [{ type: 'right', position: PAGE.textWidth }],
      linesBefore: 1,
      borderBottom: redRule(24, 4),
    }),
  ];
}

// --- closing parts ---

/**
 * 落款 without a seal (GB/T 9704 7.3.5.2): the organ two characters in from the right, the date under it starting
 * two characters to the right of the organ's first character.
 */
export function signature(locale: DocLocale, organ: string, date: string): Paragraph[] {
  if (locale === 'en') {
    return [
      para([run(locale, organ)], { align: 'right', linesBefore: 2, keepNext: true }),
      para([run(locale, date)], { align: 'right' }),
    ];
  }
  const organRight = 2;
  const dateRight = Math.max(0, organRight + textWidth(organ) - 2 - textWidth(date));
  return [
    // The organ and the date stay on one page.
    para([run(locale, organ)], { align: 'right', rightIndent: organRight * PAGE.char, linesBefore: 2, keepNext: true }),
    para([run(locale, date)], { align: 'right', rightIndent: Math.round(dateRight * PAGE.char) }),
  ];
}

/** "附件：…" two characters in, after one blank line. */
export function attachmentNote(locale: DocLocale, label: string, text: string): Paragraph {
  return para([run(locale, `${label}${text}`)], { indent: true, linesBefore: 1, keepNext: true });
}

const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const THICK: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: '000000' }; // 0.35 mm
const THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' }; // 0.25 mm

export interface ClosingBlock {
  /** "抄送：" lines: the label and the names; a bulletin may give 报：/ 送：/ 发： lines instead. */
  lines: { label: string; names: string }[];
  /** 印发机关 and 印发日期: "天水…办公室 … 2023年9月20日印发". */
  printer: string;
  printed: string;
}

/** A list of names ends with a full stop: 。 in Chinese. */
function closeSentence(locale: DocLocale, text: string): string {
  if (!text || /[。.!?！？]$/.test(text)) return text;
  return `${text}${locale === 'en' ? '.' : '。'}`;
}

/**
 * The closing block (版记): lines as wide as the text block, thick first and last, thin between; 4号 仿宋, one
 * character in from each side.
 */
export function closingBlock(locale: DocLocale, c: ClosingBlock): (Paragraph | Table)[] {
  const size = SIZES.sihao;
  const inset = { left: PAGE.char, right: PAGE.char, top: 40, bottom: 40 };
  const rows: TableRow[] = [];
  const all = [...c.lines.map((l) => ({ kind: 'line' as const, ...l })), { kind: 'printer' as const }];
  all.forEach((r, i) => {
    const top = i === 0 ? THICK : THIN;
    const bottom = i === all.length - 1 ? THICK : THIN;
    const borders = { top, bottom, left: NONE, right: NONE };
    const labelWidth = Math.round(textWidth(r.kind === 'line' ? r.label : '') * (size * 10));
    const children =
      r.kind === 'line'
        ? [
            para([run(locale, r.label, { size }), run(locale, closeSentence(locale, r.names), { size })], {
              line: 480,
              grid: false,
              leftIndent: labelWidth,
              hanging: labelWidth,
            }),
          ]
        : [
            para([run(locale, c.printer, { size }), new TextRun({ text: '\t' }), run(locale, c.printed, { size })], {
              line: 480,
              grid: false,
              tabs: [{ type: 'right', position: PAGE.textWidth - 2 * PAGE.char }],
            }),
          ];
    rows.push(
      new TableRow({
        cantSplit: true,
        children: [
          new TableCell({ borders, margins: inset, children, width: { size: PAGE.textWidth, type: WidthType.DXA } }),
        ],
      }),
    );
  });
  return [
    blank(),
    new Table({
      width: { size: PAGE.textWidth, type: WidthType.DXA },
      columnWidths: [PAGE.textWidth],
      layout: TableLayoutType.FIXED,
      borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
      rows,
    }),
  ];
}

// --- tables ---

export interface TableOptions {
  align?: Align[];
  /** Header text in the narrowest form that must not wrap; whole header cells up to this many characters. */
  shortHeader?: number;
  /** Colour for a cell's text: (row, column) → hex colour or undefined. */
  colour?: (row: number, col: number) => string | undefined;
  /** Half-points; 小4 unless given. */
  size?: number;
  /** Relative column widths, for a form to fill in (blank rows say nothing of the widths they need). */
  weights?: number[];
  /** The least height of a body row, in twips (rows to write in by hand). */
  rowHeight?: number;
}

/**
 * Tokens that must not break: dates, figures, codes, Latin words. A hyphen followed by a lower-case letter is a
 * place a line may break ("industrial-/internet"); one before a digit or a capital is part of a date or a code.
 */
const UNBREAKABLE =
  /\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|[（(]?[A-Za-z0-9.,%/:+–—]+(?:-(?![a-z])[A-Za-z0-9.,%/:+–—]*)*-?[)）]?|[^\s]/g;

/** The narrowest a cell's text may be set: its longest token, or the whole line when the line is short. */
function minWidth(text: string, short = 7): number {
  let w = 0;
  for (const line of text.split('\n')) {
    if (textWidth(line) <= short) w = Math.max(w, textWidth(line));
    else for (const m of line.matchAll(UNBREAKABLE)) w = Math.max(w, textWidth(m[0]));
  }
  return w;
}

function fullWidth(text: string): number {
  return Math.max(0, ...text.split('\n').map(textWidth));
}

/**
 * Column widths (twips) from the content: each column at least as wide as its longest unbreakable token (and its
 * header when short), the rest of the text block shared by how much more each column's longest line wants.
 */
export function columnWidths(headers: string[], rows: string[][], sizeHalfPt: number, shortHeader = 7): number[] {
  const em = sizeHalfPt * 10; // twips per character at this size
  const pad = 2 * 90 + 100; // the cell margins and the borders, with a little to spare
  const cols = headers.map((h, i) => {
    const cells = rows.map((r) => r[i] ?? '');
    // English headers are set bold, a tenth wider than the body text they are measured as (黑体 is as wide as 仿宋)
    const bold = WIDE.test(h) ? 1 : 1.1;
    const headMin = (textWidth(h) <= shortHeader ? textWidth(h) : minWidth(h)) * bold;
    const min = Math.max(headMin, ...cells.map((c) => minWidth(c, shortHeader))) * em + pad;
    const want = Math.max(fullWidth(h), ...cells.map(fullWidth)) * em + pad;
    return { min, want: Math.max(min, want) };
  });
  const total = PAGE.textWidth;
  const minSum = cols.reduce((s, c) => s + c.min, 0);
  if (minSum >= total) {
    // Not even the narrowest setting fits: the widest columns are cut to one width, so that narrow columns of
    // figures keep theirs ("139.5%" on one line) and the long text wraps once more.
    let lo = 0;
    let hi = Math.max(...cols.map((c) => c.min));
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (cols.reduce((s, c) => s + Math.min(c.min, mid), 0) > total) hi = mid;
      else lo = mid;
    }
    return cols.map((c) => Math.floor(Math.min(c.min, lo)));
  }
  const wantSum = cols.reduce((s, c) => s + c.want, 0);
  if (wantSum <= total) {
    // Everything fits on one line: share the spare width by what each wants.
    return cols.map((c) => Math.floor((c.want / wantSum) * total));
  }
  // A column of long text gets at least six characters a line where the block allows, so names do not wrap every
  // few characters beside a column of short figures.
  const deficit = cols.map((c) => Math.max(0, Math.min(c.want, 6 * em + pad) - c.min));
  const owed = deficit.reduce((x, y) => x + y, 0);
  const share = owed ? Math.min(1, (total - minSum) / owed) : 0;
  const base = cols.map((c, i) => ({ ...c, min: c.min + deficit[i] * share }));
  const extra = total - base.reduce((s, c) => s + c.min, 0);
  const grow = base.reduce((s, c) => s + (c.want - c.min), 0);
  return base.map((c) => Math.floor(c.min + (grow ? ((c.want - c.min) / grow) * extra : 0)));
}

const CELL_BORDER: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

/** A table: column widths from the content, the header row repeated on every page, rows kept whole. */
export function dataTable(locale: DocLocale, headers: string[], rows: string[][], opts: TableOptions = {}): Table {
  const size = opts.size ?? SIZES.xiaosi;
  const total = opts.weights?.reduce((x, y) => x + y, 0) ?? 0;
  const widths = opts.weights
    ? opts.weights.map((w) => Math.floor((w / total) * PAGE.textWidth))
    : columnWidths(headers, rows, size, opts.shortHeader);
  const line = Math.round(size * 10 * 1.35);
  const cell = (text: string, col: number, row: number, head: boolean) =>
    new TableCell({
      width: { size: widths[col], type: WidthType.DXA },
      margins: { top: 70, bottom: 70, left: 90, right: 90 },
      verticalAlign: VerticalAlignTable.CENTER,
      borders: { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER },
      children: text.split('\n').map((l) =>
        para(
          [
            run(locale, l, {
              size,
              face: head ? FONTS.heading1 : FONTS.body,
              bold: head && locale === 'en',
              colour: head ? undefined : opts.colour?.(row, col),
            }),
          ],
          { align: head ? 'center' : (opts.align?.[col] ?? 'left'), line, grid: false },
        ),
      ),
    });
  return new Table({
    width: { size: PAGE.textWidth, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, i, -1, true)) }),
      ...rows.map(
        (r, ri) =>
          new TableRow({
            cantSplit: true,
            height: opts.rowHeight ? { value: opts.rowHeight, rule: 'atLeast' } : undefined,
            children: r.map((v, i) => cell(v, i, ri, false)),
          }),
      ),
    ],
  });
}

/** A form: label cells in 黑体 on the left, values on the right (the facts of a supervision notice). */
export function formTable(locale: DocLocale, rows: { label: string; value: string; height?: number }[]): Table {
  const size = SIZES.sihao;
  const labelWidth = Math.round(Math.max(...rows.map((r) => textWidth(r.label))) * size * 10 + 400);
  const line = Math.round(size * 10 * 1.4);
  const borders = { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER };
  return new Table({
    width: { size: PAGE.textWidth, type: WidthType.DXA },
    columnWidths: [labelWidth, PAGE.textWidth - labelWidth],
    layout: TableLayoutType.FIXED,
    rows: rows.map(
      (r) =>
        new TableRow({
          cantSplit: true,
          height: r.height ? { value: r.height, rule: 'atLeast' } : undefined,
          children: [
            new TableCell({
              borders,
              verticalAlign: VerticalAlignTable.CENTER,
              margins: { top: 60, bottom: 60, left: 100, right: 100 },
              width: { size: labelWidth, type: WidthType.DXA },
              children: [
                para([run(locale, r.label, { size, face: FONTS.heading1, bold: locale === 'en' })], {
                  align: 'center',
                  line,
                  grid: false,
                }),
              ],
            }),
            new TableCell({
              borders,
              verticalAlign: VerticalAlignTable.CENTER,
              margins: { top: 60, bottom: 60, left: 120, right: 120 },
              width: { size: PAGE.textWidth - labelWidth, type: WidthType.DXA },
              children: r.value.split('\n').map((l) => para([run(locale, l, { size })], { line, grid: false })),
            }),
          ],
        }),
    ),
  });
}

// --- the file ---

export interface PaperOptions {
  locale: DocLocale;
  /** Document properties. */
  title: string;
  subject?: string;
  creator: string;
  masthead?: Masthead;
  children: (Paragraph | Table)[];
}

function pageNumber(locale: DocLocale, side: 'odd' | 'even'): Footer {
  const f = { font: fonts(FONTS.song), size: SIZES.sihao, language: language(locale) };
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: 280 } : { left: 280 },
        children: [
          new TextRun({ ...f, text: '— ' }),
          new TextRun({ ...f, children: [PageNumber.CURRENT] }),
          new TextRun({ ...f, text: ' —' }),
        ],
      }),
    ],
  });
}

/** The document as a .docx file: A4, GB/T 9704 margins and grid, the masthead, page numbers on the outer side. */
export function writePaper(opts: PaperOptions): Promise<Buffer> {
  const { locale } = opts;
  const doc = new Document({
    creator: opts.creator,
    title: opts.title,
    subject: opts.subject,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: {
            font: fonts(FONTS.body),
            size: SIZES.sanhao,
            language: language(locale),
            characterSpacing: locale === 'en' ? undefined : PAGE.squeeze,
          },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: {
              top: PAGE.top,
              bottom: PAGE.bottom,
              left: PAGE.left,
              right: PAGE.right,
              footer: PAGE.footer,
              header: 851,
            },
          },
          // 22 lines of 28.95 pt; the 28 characters a line come from PAGE.squeeze (see there).
          grid: { type: DocumentGridType.LINES, linePitch: PAGE.linePitch, charSpace: PAGE.charSpace },
        },
        footers: { default: pageNumber(locale, 'odd'), even: pageNumber(locale, 'even') },
        children: [...(opts.masthead ? masthead(locale, opts.masthead) : []), ...opts.children],
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

/** The same header for a file the browser may show itself (an image, a PDF) rather than save. */
export function inlineDisposition(filename: string, asciiFallback: string): string {
  return attachmentDisposition(filename, asciiFallback).replace(/^attachment;/, 'inline;');
}

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
