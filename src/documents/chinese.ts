// Chinese as documents write it (GB/T 15834, GB/T 15835): full-width punctuation next to Chinese characters, dates
// as 2023年9月20日 (9月20日 in narrow columns). `asciiPunctuationNextToCjk` is what the tests scan every output with;
// `fullWidthPunctuation` mends a text (used on free text typed by users, such as problems and notes).

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2014\u2026\u201c\u201d]/;
const FULL: Record<string, string> = { ',': '，', ':': '：', ';': '；', '(': '（', ')': '）', '!': '！', '?': '？' };

/** True when the character is a Chinese character or full-width punctuation. */
export function isCjk(ch: string | undefined): boolean {
  return !!ch && CJK.test(ch);
}

export interface PunctuationProblem {
  index: number;
  char: string;
  context: string;
}

/** Every ASCII , : ; ( ) ! ? that stands next to a Chinese character. */
export function asciiPunctuationNextToCjk(text: string): PunctuationProblem[] {
  const out: PunctuationProblem[] = [];
  const chars = [...text];
  chars.forEach((ch, i) => {
    if (!(ch in FULL)) return;
    if (isCjk(chars[i - 1]) || isCjk(chars[i + 1])) {
      out.push({ index: i, char: ch, context: chars.slice(Math.max(0, i - 12), i + 12).join('') });
    }
  });
  return out;
}

/**
 * The text with ASCII punctuation next to Chinese made full-width; a bracket pair turns together, so 完成值(2023)
 * becomes 完成值（2023）. Punctuation inside numbers, codes, URLs and English is left alone.
 */
export function fullWidthPunctuation(text: string): string {
  const chars = [...text];
  const turn = new Set<number>();
  const stack: number[] = [];
  const pairs = new Map<number, number>();
  chars.forEach((ch, i) => {
    if (ch === '(') stack.push(i);
    else if (ch === ')' && stack.length) {
      const open = stack.pop() as number;
      pairs.set(open, i);
      pairs.set(i, open);
    }
  });
  // Brackets first, then the rest, so 完成（2023）, reads the comma after a bracket already turned.
  chars.forEach((ch, i) => {
    if (ch !== '(' && ch !== ')') return;
    const prev = chars[i - 1];
    const next = chars[i + 1];
    const other = pairs.get(i);
    if (isCjk(prev) || isCjk(next)) {
      turn.add(i);
      if (other !== undefined) turn.add(other);
    }
  });
  const turned = chars.map((ch, i) => (turn.has(i) ? FULL[ch] : ch));
  turned.forEach((ch, i) => {
    if (!(ch in FULL) || ch === '(' || ch === ')') return;
    // 1,127 or 9:30 keep their ASCII forms; a comma between Chinese words does not.
    if (isCjk(turned[i - 1]) || isCjk(turned[i + 1])) turn.add(i);
  });
  return chars.map((ch, i) => (turn.has(i) ? FULL[ch] : ch)).join('');
}

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** 2023年9月20日, or 20 September 2023. */
export function longDate(date: string, locale: 'zh-CN' | 'en'): string {
  const [y, m, d] = date.split('-').map(Number);
  return locale === 'en' ? `${d} ${MONTHS_EN[m - 1]} ${y}` : `${y}年${m}月${d}日`;
}

/** 9月20日 (a narrow column, or within the year already named), or 20 Sep 2023. */
export function shortDate(date: string, locale: 'zh-CN' | 'en'): string {
  const [y, m, d] = date.split('-').map(Number);
  // No-break spaces: a date never wraps in a narrow English column.
  return locale === 'en' ? `${d}\u00a0${MONTHS_EN[m - 1].slice(0, 3)}\u00a0${y}` : `${m}月${d}日`;
}

/** A date in a table cell: 9月20日 within the document's year, 2023年9月20日 otherwise; 20 Sep 2023 in English. */
export function cellDate(date: string | null, locale: 'zh-CN' | 'en', year?: number): string {
  if (!date) return '—';
  if (locale === 'en') return shortDate(date, 'en');
  return year !== undefined && Number(date.slice(0, 4)) === year ? shortDate(date, 'zh-CN') : longDate(date, 'zh-CN');
}

/** A figure without ASCII thousands separators in Chinese text: 1127, 132.6. */
export function plainNumber(value: number | null, maxFractionDigits = 2): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat('zh-CN', { maximumFractionDigits: maxFractionDigits, useGrouping: false }).format(value);
}

const QUARTERS = ['一', '二', '三', '四'];

/** A report period in words: 2023-09 → 2023年9月, 2023-Q3 → 2023年第三季度, 2023-W38 → 2023年第38周; English alike. */
export function periodWords(period: string, locale: 'zh-CN' | 'en'): string {
  let m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return locale === 'en' ? `${MONTHS_EN[Number(m[2]) - 1]} ${m[1]}` : `${m[1]}年${Number(m[2])}月`;
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return locale === 'en' ? `Q${m[2]} ${m[1]}` : `${m[1]}年第${QUARTERS[Number(m[2]) - 1]}季度`;
  m = /^(\d{4})-W(\d{2})$/.exec(period);
  if (m) return locale === 'en' ? `week ${Number(m[2])} of ${m[1]}` : `${m[1]}年第${Number(m[2])}周`;
  return period;
}
