// The interface's languages: Chinese (default) and English. Labels come from messages.js, where every key has
// both; data (names, titles) is shown in English when the record has an English name.
/* global console, document, localStorage */
import { MESSAGES } from './messages.js';

export const LANGS = ['zh-CN', 'en'];
const LANG_KEY = 'zb.lang';

let lang = LANGS.includes(localStorage.getItem(LANG_KEY)) ? localStorage.getItem(LANG_KEY) : 'zh-CN';

export function getLang() {
  return lang;
}

export function setLang(next) {
  if (!LANGS.includes(next)) return;
  lang = next;
  localStorage.setItem(LANG_KEY, next);
  document.documentElement.lang = next;
}

document.documentElement.lang = lang;

/** The label for a key, with {name} placeholders filled from params. */
export function t(key, params) {
  const entry = MESSAGES[key];
  if (!entry) {
    console.error(`missing message: ${key}`);
    return key;
  }
  let text = entry[lang === 'en' ? 1 : 0];
  if (params) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  return text;
}

/** Whether a key has a label (for values such as statuses that may grow). */
export function has(key) {
  return key in MESSAGES;
}

/** A record's name or title in the current language: the English one when it has one. */
export function nameOf(record, field = 'name') {
  if (!record) return '';
  const en = record[`${field}En`];
  return lang === 'en' && en ? en : (record[field] ?? '');
}

/** The API error's message in the current language. */
export function errorText(error) {
  const body = error?.body ?? error ?? {};
  if (lang === 'en') return body.message ?? error?.message ?? t('error.generic');
  return body.messageZh ?? body.message ?? t('error.generic');
}

export function fieldErrorText(fieldError) {
  return lang === 'en' ? fieldError.message : (fieldError.messageZh ?? fieldError.message);
}

const TZ = 'Asia/Shanghai';

/** A moment (ISO timestamp) in the task force's time zone. */
export function formatDateTime(value) {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

export function formatNumber(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '—';
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: digits }).format(
    Number(value),
  );
}

export function formatPercent(value, digits = 1) {
  if (value === null || value === undefined) return '—';
  return `${formatNumber(value, digits)}%`;
}
