// Spreadsheets: the task list exported as .xlsx with the list's filters, and a task breakdown (任务分解表)
// imported from .xlsx: the file is read into a preview (what each row would do, and why a row is refused),
// then committed.
/* global fetch */
import { ApiError, post, query, token } from '../api.js';
import { clear, data, fill, h, table } from '../dom.js';
import { formSummary, showErrors } from '../forms.js';
import { errorText, getLang, has, t } from '../i18n.js';
import { saveFile } from '../download.js';
import { section } from '../ui.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function send(method, path, body) {
  const headers = { authorization: `Bearer ${token()}` };
  if (body) headers['content-type'] = XLSX;
  let res;
  try {
    res = await fetch(path, { method, headers, body });
  } catch {
    throw new ApiError(0, { message: 'The service cannot be reached', messageZh: '无法连接服务' });
  }
  if (!res.ok) {
    const parsed = await res.json().catch(() => null);
    throw new ApiError(res.status, parsed);
  }
  return res;
}

/** Downloads the task list with these filters as .xlsx, in the interface's language. */
export async function exportTasks(filters) {
  const res = await send('GET', `/api/export/tasks.xlsx${query({ ...filters, lang: getLang() })}`);
  await saveFile(res, 'tasks.xlsx');
}

/** The export button of the task list. */
export function exportButton(filters) {
  const button = h('button', { type: 'button', class: 'btn export-xlsx' }, t('sheet.export'));
  const status = h('span', { class: 'form-errors', role: 'alert', hidden: true });
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.hidden = true;
    try {
      await exportTasks(filters);
    } catch (error) {
      status.hidden = false;
      status.textContent = errorText(error);
    } finally {
      button.disabled = false;
    }
  });
  return [button, status];
}

const columnLabel = (key) => (has(`sheet.col.${key}`) ? t(`sheet.col.${key}`) : key);

function value(v) {
  if (v === null || v === undefined || v === '') return '—';
  return data(Array.isArray(v) ? v.join(', ') : String(v));
}

function message(m) {
  return h(
    'li',
    {},
    h('strong', { class: 'import-field' }, columnLabel(m.field)),
    ': ',
    getLang() === 'en' ? m.message : (m.messageZh ?? m.message),
  );
}

function previewTable(rows) {
  return table(
    t('sheet.preview'),
    [t('sheet.row'), t('sheet.action'), t('sheet.code'), t('sheet.changes'), t('sheet.errors')],
    rows.map((r) =>
      h(
        'tr',
        { class: r.errors.length ? 'import-rejected' : `import-${r.action}`, dataset: { row: String(r.row) } },
        h('td', { class: 'num' }, String(r.row)),
        h('td', {}, r.errors.length ? t('sheet.action.rejected') : t(`sheet.action.${r.action}`)),
        h('td', {}, r.code ? data(r.code) : '—'),
        h(
          'td',
          {},
          r.changes.length
            ? h(
                'ul',
                { class: 'changes' },
                r.changes.map((c) =>
                  h('li', {}, h('strong', {}, columnLabel(c.field)), ': ', value(c.from), ' → ', value(c.to)),
                ),
              )
            : '—',
        ),
        h('td', {}, r.errors.length ? h('ul', { class: 'import-errors' }, r.errors.map(message)) : '—'),
      ),
    ),
    { class: 'data-table' },
  );
}

function summaryList(summary) {
  return h(
    'ul',
    { class: 'inline-list import-summary' },
    ['create', 'update', 'unchanged', 'rejected'].map((k) =>
      h('li', { dataset: { kind: k } }, t(`sheet.summary.${k}`, { n: summary[k] })),
    ),
  );
}

function resultCard(result) {
  const link = (x) => h('a', { href: `/tasks/${x.id}` }, data(x.code), x.title ? [' ', data(x.title)] : null);
  const group = (key, items) =>
    items.length
      ? [
          h('h3', {}, t(`sheet.done.${key}`, { n: items.length })),
          h(
            'ul',
            {},
            items.map((x) => h('li', {}, link(x))),
          ),
        ]
      : null;
  return section(
    'import-result-title',
    t('sheet.committed'),
    group('created', result.created),
    group('updated', result.updated),
    result.skipped.length ? h('p', { class: 'muted' }, t('sheet.done.skipped', { n: result.skipped.length })) : null,
  );
}

export function renderImport(view) {
  const input = h('input', { type: 'file', id: 'import-file', name: 'file', accept: `.xlsx,${XLSX}` });
  const out = h('div', { class: 'import-out' });
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    formSummary(),
    h(
      'div',
      { class: 'field', dataset: { field: 'file' } },
      h('label', { for: 'import-file' }, t('sheet.file')),
      input,
      h('p', { class: 'hint' }, t('sheet.fileHint')),
      h('p', { class: 'field-error', hidden: true }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('sheet.upload'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(out);
    const file = input.files?.[0];
    if (!file) return showErrors(form, [{ field: 'file', text: t('sheet.fileRequired') }], t('form.fixErrors'));
    try {
      const res = await send('POST', '/api/import/tasks/preview', await file.arrayBuffer());
      showPreview(out, await res.json());
      showErrors(form, []);
    } catch (error) {
      showErrors(form, [], errorText(error));
    }
  });
  fill(view, h('h1', {}, t('sheet.importTitle')), h('p', { class: 'lead-text' }, t('sheet.importIntro')), form, out);
  return t('sheet.importTitle');
}

function showPreview(out, preview) {
  const s = preview.summary;
  const commit = h('button', { type: 'button', class: 'btn btn-primary' }, t('sheet.commit'));
  const errors = h('p', { class: 'form-errors', role: 'alert', hidden: true });
  commit.addEventListener('click', async () => {
    commit.disabled = true;
    try {
      const result = await post(`/api/import/tasks/${encodeURIComponent(preview.importId)}/commit`);
      clear(out);
      fill(out, resultCard(result));
    } catch (error) {
      commit.disabled = false;
      errors.hidden = false;
      errors.textContent = errorText(error);
    }
  });
  fill(
    out,
    section(
      'import-preview-title',
      t('sheet.preview'),
      h('p', {}, t('sheet.planSheet'), ' ', data(preview.plan.code), ' · ', data(preview.sheet)),
      summaryList(s),
      previewTable(preview.rows),
      errors,
      s.create + s.update > 0
        ? h('div', { class: 'actions' }, commit)
        : h('p', { class: 'muted' }, t('sheet.nothingToDo')),
    ),
  );
}
