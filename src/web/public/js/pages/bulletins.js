// Bulletins (工作通报): the list, a draft generated for a period, its preview as readers receive it, the Word
// document, and sending it. Files come from the API with the bearer token, so they are fetched, not linked.
/* global window */
import { get, post, serverToday } from '../api.js';
import { clear, data, fill, h, table } from '../dom.js';
import { allows } from '../domain.js';
import { clearErrors, field, formSummary, periodStart, showApiError, showErrors } from '../forms.js';
import { errorText, formatDateTime, getLang, t } from '../i18n.js';
import { navigate, refresh } from '../router.js';
import { downloadButton, errorLine, fetchFile } from '../download.js';
import { flash, loading, section } from '../ui.js';

function bulletinStatus(status) {
  return h(
    'span',
    { class: `status status-${status === 'sent' ? 'closed' : 'draft'}` },
    t(`bulletin.status.${status}`),
  );
}

export async function renderBulletins(view, { user }) {
  fill(view, h('h1', {}, t('bulletins.title')), loading(t('page.loading')));
  const [bulletins, today] = await Promise.all([get('/api/bulletins'), serverToday()]);

  const period = field({ label: t('round.period'), name: 'period', required: true, hint: t('round.periodHint') });
  period.control.value = today.slice(0, 7);
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    formSummary(),
    period,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('bulletin.generate'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const value = period.control.value.trim();
    if (!periodStart(value)) return showErrors(form, [{ field: 'period', text: t('round.periodInvalid') }]);
    try {
      const created = await post('/api/bulletins', { period: value });
      flash(t('bulletin.generated'));
      navigate(`/bulletins/${created.id}`);
    } catch (error) {
      showApiError(form, error);
    }
  });

  const rows = bulletins.map((b) =>
    h(
      'tr',
      {},
      h('td', {}, h('a', { href: `/bulletins/${b.id}` }, t('bulletin.number', { n: b.number }))),
      h('td', {}, b.period),
      h('td', {}, bulletinStatus(b.status)),
      h('td', {}, b.sentAt ? formatDateTime(b.sentAt) : '—'),
    ),
  );
  clear(view);
  fill(
    view,
    h('h1', {}, t('bulletins.title')),
    allows(user, 'bulletin.issue') ? section('bulletin-new', t('bulletin.new'), form) : null,
    section(
      'bulletin-list',
      t('bulletins.list'),
      bulletins.length
        ? table(
            t('bulletins.list'),
            [t('bulletin.issueColumn'), t('round.period'), t('round.statusLabel'), t('bulletin.sentAt')],
            rows,
            { class: 'data-table' },
          )
        : h('p', { class: 'muted' }, t('bulletins.none')),
    ),
  );
  return t('bulletins.title');
}

export async function renderBulletin(view, { params, query }) {
  fill(view, h('h1', {}, t('bulletins.title')), loading(t('page.loading')));
  const id = encodeURIComponent(params.id);
  const lang = query.get('lang') === 'en' || (!query.get('lang') && getLang() === 'en') ? 'en' : 'zh-CN';
  const [bulletin, preview] = await Promise.all([
    get(`/api/bulletins/${id}`),
    fetchFile(`/api/bulletins/${id}/preview?lang=${lang}`).then((r) => r.text()),
  ]);
  const title = t('bulletin.number', { n: bulletin.number });
  const errors = errorLine();
  const send = allows(bulletin, 'bulletin.issue')
    ? h(
        'button',
        {
          type: 'button',
          class: 'btn btn-primary',
          onClick: async () => {
            if (!window.confirm(t('bulletin.sendConfirm'))) return;
            try {
              await post(`/api/bulletins/${bulletin.id}/send`);
              flash(t('bulletin.sent'));
              refresh();
            } catch (error) {
              errors.hidden = false;
              errors.textContent = errorText(error);
            }
          },
        },
        t('bulletin.send'),
      )
    : null;
  const langLink = (code, label) =>
    h('a', { href: `/bulletins/${bulletin.id}?lang=${code}`, 'aria-current': code === lang ? 'page' : null }, label);
  clear(view);
  fill(
    view,
    h('p', { class: 'breadcrumbs' }, h('a', { href: '/bulletins' }, t('bulletins.title'))),
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, title),
      h(
        'div',
        { class: 'page-actions' },
        downloadButton(
          t('bulletin.docx'),
          `/api/bulletins/${bulletin.id}/document.docx?lang=${lang}`,
          'bulletin.docx',
          errors,
        ),
        send,
      ),
    ),
    errors,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('round.period')),
      h('dd', {}, bulletin.period),
      h('dt', {}, t('round.statusLabel')),
      h('dd', {}, bulletinStatus(bulletin.status)),
      bulletin.sentAt ? [h('dt', {}, t('bulletin.sentAt')), h('dd', {}, formatDateTime(bulletin.sentAt))] : null,
    ),
    section(
      'bulletin-preview',
      t('bulletin.preview'),
      h(
        'p',
        { class: 'inline-list' },
        t('bulletin.previewLang'),
        ' ',
        langLink('zh-CN', data('中文')),
        ' · ',
        langLink('en', data('English')),
      ),
      h('iframe', {
        class: 'bulletin-preview',
        title: t('bulletin.preview'),
        sandbox: '',
        srcdoc: preview,
        style: { width: '100%', height: '70vh', border: '1px solid #ccc', background: '#fff' },
      }),
    ),
  );
  return title;
}
