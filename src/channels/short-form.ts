// The short form of a message for chat and SMS, and how each channel's body is cut to that channel's limits: WeCom
// markdown 4096 bytes (text with mentions 2048), DingTalk 20000 characters, each SMS template parameter 35.
export type Locale = 'zh-CN' | 'en';

export const LIMITS = {
  wecomMarkdownBytes: 4096,
  wecomTextBytes: 2048,
  dingtalkChars: 20000,
  smsParamChars: 35,
  /** What an outbox row keeps of the short text: more than any chat shows at a glance. */
  storedTextChars: 1000,
} as const;

/** What a chat or SMS copy says: a title (the subject), a line or two, and the page it is about. */
export interface ShortForm {
  title: string;
  text: string;
  url: string;
  locale: Locale;
}

const ELLIPSIS = '…';

/** At most `max` characters (code points), an ellipsis at the end when cut. */
export function truncateChars(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join('') + ELLIPSIS;
}

/** At most `max` bytes of UTF-8, cut on a character boundary, an ellipsis at the end when cut. */
export function truncateBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  const room = max - Buffer.byteLength(ELLIPSIS, 'utf8');
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > room) break;
    out += ch;
    bytes += n;
  }
  return out + ELLIPSIS;
}

/** The short form from the subject, the feature's short text (or none) and the page's link. */
export function shortForm(subject: string, text: string | undefined, url: string, locale: Locale): ShortForm {
  return {
    title: subject.trim(),
    text: truncateChars((text ?? '').trim(), LIMITS.storedTextChars),
    url,
    locale,
  };
}

const LINK_LABEL: Record<Locale, string> = { 'zh-CN': '查看详情', en: 'Open' };

/** The link and the title go first when the body must be cut: the text is what gives way. */
function fitted(
  head: string,
  text: string,
  tail: string,
  fits: (s: string) => boolean,
  cut: (s: string, n: number) => string,
) {
  const whole = [head, text, tail].filter(Boolean).join('\n\n');
  if (fits(whole)) return whole;
  let lo = 0;
  let hi = text.length;
  // the longest prefix of the text that fits beside the head and the tail
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits([head, cut(text, mid), tail].filter(Boolean).join('\n\n'))) lo = mid;
    else hi = mid - 1;
  }
  const body = [head, lo ? cut(text, lo) : '', tail].filter(Boolean).join('\n\n');
  return fits(body) ? body : cut(body, 0);
}

const bytesFit = (max: number) => (s: string) => Buffer.byteLength(s, 'utf8') <= max;
const charsFit = (max: number) => (s: string) => [...s].length <= max;

/** WeCom group robot markdown: bold title, the text, the link; at most 4096 bytes. */
export function wecomMarkdown(form: ShortForm): string {
  const head = `**${escapeMarkdown(form.title)}**`;
  const tail = form.url ? `[${LINK_LABEL[form.locale]}](${form.url})` : '';
  const fits = bytesFit(LIMITS.wecomMarkdownBytes);
  const body = fitted(head, form.text, tail, fits, (s, n) => truncateChars(s, n));
  return fits(body) ? body : truncateBytes(body, LIMITS.wecomMarkdownBytes);
}

/** WeCom text (the form that carries mentions by mobile): plain, at most 2048 bytes. */
export function wecomText(form: ShortForm): string {
  const tail = form.url ? `${LINK_LABEL[form.locale]}${form.locale === 'en' ? ': ' : '：'}${form.url}` : '';
  const fits = bytesFit(LIMITS.wecomTextBytes);
  const body = fitted(form.title, form.text, tail, fits, (s, n) => truncateChars(s, n));
  return fits(body) ? body : truncateBytes(body, LIMITS.wecomTextBytes);
}

/** DingTalk robot markdown: the title (shown in the conversation list) and the text, at most 20000 characters. */
export function dingtalkMarkdown(form: ShortForm, mobiles: string[] = []): { title: string; text: string } {
  const head = `### ${escapeMarkdown(form.title)}`;
  // DingTalk shows an @ only when the mobile is also written in the text
  const at = mobiles.map((m) => `@${m}`).join(' ');
  const tail = [form.url ? `[${LINK_LABEL[form.locale]}](${form.url})` : '', at].filter(Boolean).join('\n\n');
  const fits = charsFit(LIMITS.dingtalkChars);
  const text = fitted(head, form.text, tail, fits, (s, n) => truncateChars(s, n));
  return { title: truncateChars(form.title, 100), text: fits(text) ? text : truncateChars(text, LIMITS.dingtalkChars) };
}

/**
 * The SMS template's parameters: `title` (the subject) and `url` (the page, or the service's address when the
 * page's link is longer than a parameter may be), each at most 35 characters.
 */
export function smsParams(form: ShortForm, baseUrl: string): { title: string; url: string } {
  const max = LIMITS.smsParamChars;
  const url = form.url.length <= max ? form.url : baseUrl.length <= max ? baseUrl : '';
  return { title: truncateChars(form.title, max), url };
}

/** Markdown's markup characters in a title written as themselves. */
function escapeMarkdown(text: string): string {
  return text.replace(/([*_`[\]])/g, '\\$1');
}
