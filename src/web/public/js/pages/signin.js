// Sign-in: email and password; the token is kept for this browser tab only.
/* global sessionStorage */
import { api, currentUser, saveSession, token } from '../api.js';
import { fill, h } from '../dom.js';
import { field, formSummary, showApiError, showErrors } from '../forms.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { homePath } from '../ui.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Where to go after signing in: the page asked for, if it is one of the app's. */
function nextPath(query, user) {
  const next = query.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin') ? next : homePath(user);
}

export async function renderSignIn(view, { query }) {
  if (token() && currentUser()) {
    navigate(nextPath(query, currentUser()), { replace: true });
    return t('signin.title');
  }
  const email = field({
    label: t('signin.email'),
    name: 'email',
    type: 'email',
    required: true,
    attrs: { autocomplete: 'username', inputmode: 'email', spellcheck: 'false' },
  });
  const password = field({
    label: t('signin.password'),
    name: 'password',
    type: 'password',
    required: true,
    attrs: { autocomplete: 'current-password' },
  });
  // shown when the account has a second factor (the API answers totp_required): the code goes with the password
  const code = field({
    label: t('signin.code'),
    name: 'code',
    attrs: { autocomplete: 'one-time-code', inputmode: 'numeric', spellcheck: 'false' },
  });
  code.hidden = true;
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('signin.submit'));
  const form = h(
    'form',
    { class: 'form signin-form', novalidate: true },
    formSummary(),
    email,
    password,
    code,
    h('div', { class: 'actions' }, submit),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = { email: email.control.value.trim(), password: password.control.value };
    const errors = [];
    if (!values.email) errors.push({ field: 'email', text: t('form.required') });
    else if (!EMAIL.test(values.email)) errors.push({ field: 'email', text: t('signin.emailInvalid') });
    if (!values.password) errors.push({ field: 'password', text: t('form.required') });
    if (errors.length) return showErrors(form, errors, t('form.fixErrors'));
    const typed = code.control.value.replace(/\s+/g, '');
    if (!code.hidden && typed) values.code = typed;
    submit.disabled = true;
    submit.textContent = t('signin.signingIn');
    try {
      const res = await api('POST', '/api/auth/login', values, { auth: false });
      saveSession(res.token, res.user);
      // The full account (with the unit's name) replaces the token's summary on the next page.
      sessionStorage.removeItem('zb.user');
      navigate(nextPath(query, res.user), { replace: true });
    } catch (error) {
      submit.disabled = false;
      submit.textContent = t('signin.submit');
      showApiError(form, error);
      if (error.body?.code === 'totp_required' || error.body?.code === 'wrong_code') {
        code.hidden = false;
        code.control.value = '';
        code.control.focus();
      } else password.control.select();
    }
  });

  view.classList.add('signin');
  fill(
    view,
    h(
      'div',
      { class: 'signin-box' },
      h('h1', {}, t('signin.title')),
      h('p', { class: 'lead-text' }, t('signin.intro')),
      form,
    ),
  );
  email.control.focus();
  return t('signin.title');
}
