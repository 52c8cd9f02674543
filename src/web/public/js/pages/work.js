// 待办 (my work): the home page of whoever has something to decide, review or report — one card per kind of work
// with its count, the first items linking to where each is done, and a link to the whole list.
import { get } from '../api.js';
import { clear, data, fill, h } from '../dom.js';
import { nameOf, t } from '../i18n.js';
import { loading, section } from '../ui.js';

/** The kinds in the order the page shows them, with their title and what an item's date means. */
const KINDS = {
  closing: { title: 'work.closing', date: 'work.dateDeadline' },
  extensions: { title: 'work.extensions', date: 'work.dateAsked' },
  reviews: { title: 'work.reviews', date: 'work.dateFiled' },
  rounds: { title: 'work.rounds', date: 'work.dateDue' },
  toReport: { title: 'work.toReport', date: 'work.dateDue' },
};

let cached = null;

/** The counts for the navigation's badges, read at most once a minute (and again after a change of page data). */
export async function workCounts() {
  if (cached && Date.now() - cached.at < 60_000) return cached.value;
  const value = await get('/api/my-work');
  cached = { at: Date.now(), value };
  return value;
}

export function forgetWorkCounts() {
  cached = null;
}

function item(kind, i) {
  const title = i.code ? [data(i.code), ' ', data(nameOf(i, 'title'))] : [data(nameOf(i, 'title'))];
  return h(
    'li',
    { class: 'work-item' },
    h('a', { href: i.href }, ...title),
    i.unit ? h('span', { class: 'work-unit' }, data(nameOf(i.unit))) : null,
    i.date ? h('span', { class: 'work-date' }, t(KINDS[kind].date, { date: i.date })) : null,
  );
}

export async function renderWork(view) {
  fill(view, h('h1', { tabindex: '-1' }, t('work.title')), loading(t('page.loading')));
  forgetWorkCounts();
  const work = await workCounts();
  const cards = work.sections
    .filter((s) => KINDS[s.kind])
    .map((s) =>
      section(
        `work-${s.kind}`,
        h('span', {}, t(KINDS[s.kind].title), ' ', h('span', { class: 'count-badge' }, String(s.count))),
        s.count
          ? h(
              'ul',
              { class: 'work-list' },
              s.items.map((i) => item(s.kind, i)),
            )
          : h('p', { class: 'muted' }, t('work.none')),
        s.count > s.items.length
          ? h('p', {}, h('a', { href: s.href }, t('work.all', { count: s.count })))
          : s.count
            ? h('p', {}, h('a', { href: s.href }, t('work.open')))
            : null,
      ),
    );
  clear(view);
  fill(
    view,
    h('h1', { tabindex: '-1' }, t('work.title')),
    h('p', { class: 'lead-text' }, work.total ? t('work.summary', { total: work.total }) : t('work.nothing')),
    h('div', { class: 'work-grid' }, cards),
  );
  return t('work.title');
}
