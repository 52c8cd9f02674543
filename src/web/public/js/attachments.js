// Attachments (附件) on the pages: a list of files with download buttons (fetched with the sign-in, saved under
// their original names) and, where the API offers attachment.upload, a form that uploads files as
// multipart/form-data.
/* global FormData, fetch */
import { ApiError, token } from './api.js';
import { data, h } from './dom.js';
import { downloadButton, errorLine } from './download.js';
import { errorText, formatNumber, t } from './i18n.js';
import { refresh } from './router.js';
import { flash } from './ui.js';

function sizeText(bytes) {
  if (bytes < 1024) return t('attachments.bytes', { n: bytes });
  if (bytes < 1024 * 1024) return t('attachments.kb', { n: formatNumber(bytes / 1024, 1) });
  return t('attachments.mb', { n: formatNumber(bytes / 1024 / 1024, 1) });
}

/** The files, each a download button with its size; `ownerLabel` names each file's owner, when given. */
export function attachmentList(attachments, ownerLabel) {
  const errors = errorLine();
  return h(
    'div',
    { class: 'attachments' },
    h('h3', { class: 'small' }, t('attachments.title')),
    h(
      'ul',
      { class: 'inline-list attachment-list' },
      attachments.map((a) =>
        h(
          'li',
          {},
          downloadButton(a.filename, `/api/attachments/${a.id}/content`, a.filename, errors),
          ' ',
          h('span', { class: 'muted small' }, sizeText(a.size), ownerLabel ? [' · ', data(ownerLabel(a))] : null),
        ),
      ),
    ),
    errors,
  );
}

async function uploadFiles(ownerType, ownerId, files) {
  const body = new FormData();
  for (const file of files) body.append('file', file, file.name);
  let res;
  try {
    res = await fetch(`/api/attachments?ownerType=${encodeURIComponent(ownerType)}&ownerId=${ownerId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token()}`, accept: 'application/json' },
      body,
    });
  } catch {
    throw new ApiError(0, {});
  }
  let parsed = null;
  try {
    parsed = await res.json();
  } catch {
    parsed = null;
  }
  if (!res.ok) throw new ApiError(res.status, parsed);
  return parsed;
}

/** A form adding files to an owner; the page is drawn again once they are stored. */
export function uploadForm(ownerType, ownerId) {
  const id = `upload-${ownerType}-${ownerId}`;
  const input = h('input', { type: 'file', name: 'file', id, multiple: true, required: true });
  const errors = errorLine();
  const form = h(
    'form',
    { class: 'attachment-upload', novalidate: true },
    h('label', { for: id }, t('attachments.add')),
    ' ',
    input,
    ' ',
    h('button', { type: 'submit', class: 'btn' }, t('attachments.upload')),
    h('p', { class: 'muted small' }, t('attachments.hint')),
    errors,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.hidden = true;
    if (!input.files?.length) {
      errors.hidden = false;
      errors.textContent = t('attachments.choose');
      return;
    }
    try {
      await uploadFiles(ownerType, ownerId, [...input.files]);
      flash(t('attachments.uploaded'));
      refresh();
    } catch (error) {
      errors.hidden = false;
      errors.textContent = errorText(error);
    }
  });
  return form;
}
