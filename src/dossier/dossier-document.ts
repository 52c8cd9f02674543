// The task's dossier (一事一档) as a Word document: the task's facts, then one table per part of its history
// (instructions, acknowledgements, reports and their review, extensions, urgings, supervision notices and replies,
// decisions, comments, closing, attachments, changes). Pure: the service gathers the rows, this lays them out.
import {
  blank,
  body,
  dataTable,
  formTable,
  heading,
  labelled,
  para,
  run,
  SIZES,
  title,
  writePaper,
  type DocLocale,
} from '../documents/docx';
import type { Paragraph, Table } from 'docx';

/** One record within a part: a line saying who did what when, then its texts under their labels. */
export interface DossierEntry {
  title: string;
  lines: { label: string; value: string }[];
}

/** One part of the history: a table (short records), or entries (records with paragraphs of text). */
export interface DossierSection {
  key: string;
  heading: string;
  headers: string[];
  rows: string[][];
  entries?: DossierEntry[];
  /** Said when there is nothing to show. */
  none: string;
}

export interface DossierView {
  locale: DocLocale;
  heading: string;
  subheading: string;
  facts: { label: string; value: string }[];
  sections: DossierSection[];
  /** Who made the file, and when. */
  footer: string;
  organ: string;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];

/** 一、二、… before a Chinese heading (GB/T 9704's first level), 1. 2. … before an English one. */
export function sectionHeading(locale: DocLocale, index: number, text: string): string {
  return locale === 'en' ? `${index + 1}. ${text}` : `${NUMERALS[index] ?? index + 1}、${text}`;
}

export function dossierDocument(v: DossierView): Promise<Buffer> {
  const locale = v.locale;
  const out: (Paragraph | Table)[] = [
    blank(1),
    title(locale, v.heading),
    para([run(locale, v.subheading, { bold: true })], { align: 'center', linesAfter: 1 }),
    formTable(locale, v.facts),
  ];
  v.sections.forEach((s, i) => {
    out.push(heading(locale, 1, sectionHeading(locale, i, s.heading), { keepNext: true }));
    if (s.entries?.length) {
      s.entries.forEach((e, j) => {
        out.push(heading(locale, 2, `${locale === 'en' ? `(${j + 1}) ` : `（${NUMERALS[j] ?? j + 1}）`}${e.title}`));
        for (const l of e.lines) out.push(labelled(locale, l.label, l.value));
      });
    } else if (s.rows.length) out.push(dataTable(locale, s.headers, s.rows, { size: SIZES.wuhao }));
    else out.push(body(locale, s.none));
  });
  out.push(blank(), body(locale, v.footer));
  return writePaper({ locale, title: `${v.heading} ${v.subheading}`, creator: v.organ, children: out });
}
