// Files of the API (DOCX, XLSX, ICS): fetched with the sign-in, since links cannot carry the bearer token, then
// saved through a temporary link under the name the service gives them.
/* global Blob, URL, document, fetch, window */
import { ApiError, token } from './api.js';
import { h } from './dom.js';
import { errorText } from './i18n.js';

/** Fetches a file of the API with the sign-in; rejects with ApiError. */
export async function fetchFile(path) {
  let res;
  try {
    res = await fetch(path, { headers: { authorization: `Bearer ${token()}` } });
  } catch {
    throw new ApiError(0, {});
  }
  if (!res.ok) {
    let body = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    throw new ApiError(res.status, body);
  }
  return res;
}

function filenameOf(res, fallback) {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}

/** Saves a fetched file under the name in its Content-Disposition (or the fallback). */
export async function saveFile(res, fallbackName) {
  const blob = new Blob([await res.arrayBuffer()], { type: res.headers.get('content-type') ?? '' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filenameOf(res, fallbackName), hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A button that downloads a file of the API: fetched with the token, saved through a temporary link. */
export function downloadButton(label, path, fallbackName, errorBox) {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn',
      onClick: async () => {
        errorBox.hidden = true;
        try {
          await saveFile(await fetchFile(path), fallbackName);
        } catch (error) {
          errorBox.hidden = false;
          errorBox.textContent = errorText(error);
        }
      },
    },
    label,
  );
}

export function errorLine() {
  return h('p', { class: 'form-errors', role: 'alert', hidden: true });
}
