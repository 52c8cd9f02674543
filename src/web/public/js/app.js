// The app: the page frame (header, navigation by role, language switch, sign-out), the routes, and what
// happens when a page cannot be shown (no access, not found, an error).
/* global URLSearchParams, document, location */
import {
  api,
  ApiError,
  clearSession,
  currentUser,
  forgetServerState,
  get,
  saveSession,
  setUnauthorizedHandler,
  token,
} from './api.js';
import { disposeCharts } from './charts.js';
import { clear, data, fill, h } from './dom.js';
import { allows, ownUnitOnly, roleLabel } from './domain.js';
import { errorText, getLang, nameOf, setLang, t } from './i18n.js';
import { match, navigate, refresh, route, start } from './router.js';
import { hasWork, homePath, NoAccessError, takeFlash } from './ui.js';
import { renderDashboard } from './pages/dashboard.js';
import { renderMyUnit } from './pages/my-unit.js';
import { renderReportForm } from './pages/report-form.js';
import { renderSignIn } from './pages/signin.js';
import { renderTask } from './pages/task.js';
import { renderTaskForm } from './pages/task-form.js';
import { renderTasks } from './pages/tasks.js';
import { renderTimeline } from './pages/timeline.js';
import { renderImport } from './pages/spreadsheets.js';
import { renderExtensionRequests, renderReportReviews } from './pages/requests.js';
import { renderBulletin, renderBulletins } from './pages/bulletins.js';
import { renderDispatch, renderRound } from './pages/dispatch.js';
import { renderMeeting } from './pages/meeting.js';
import { renderMeetingForm, renderMeetings } from './pages/meetings.js';
import { renderAudit, renderSecurity } from './pages/administration.js';
import { renderWork, workCounts } from './pages/work.js';
import { renderNotice, renderNotices } from './pages/supervision.js';
import { renderAssessment, renderAssessmentUnit } from './pages/assessment.js';
import { renderChannels } from './pages/channels.js';

/** Everyone signed in. */
const ANYONE = () => true;
/** The task force's people (not the auditor nor the security administrator, who see none of its work). */
const WORKSPACE = (user) => allows(user, 'workspace.read');
/** People whose work is their own unit's (a liaison). */
const OWN_UNIT = (user) => ownUnitOnly(user) && allows(user, 'workspace.read');
/** People whose role the API gives the action (the user's allowedActions from /api/auth/me). */
const may = (action) => (user) => allows(user, action);

/** Pages: path, who may open them, and the function that fills the page. */
const PAGES = [
  { path: '/signin', public: true, render: renderSignIn },
  { path: '/', open: ANYONE, render: (view, ctx) => navigate(homePath(ctx.user), { replace: true }) },
  { path: '/work', open: hasWork, render: renderWork },
  { path: '/dashboard', open: WORKSPACE, render: renderDashboard },
  { path: '/my-unit', open: OWN_UNIT, render: renderMyUnit },
  { path: '/tasks', open: WORKSPACE, render: renderTasks },
  { path: '/tasks/new', open: may('task.create'), render: renderTaskForm },
  { path: '/tasks/:id', open: WORKSPACE, render: renderTask },
  { path: '/tasks/:id/edit', open: may('task.update'), render: renderTaskForm },
  { path: '/tasks/:id/report', open: may('report.file'), render: renderReportForm },
  { path: '/timeline', open: WORKSPACE, render: renderTimeline },
  { path: '/import/tasks', open: may('tasks.import'), render: renderImport },
  { path: '/requests', open: may('extension.decide'), render: renderExtensionRequests },
  { path: '/reviews', open: may('report.review'), render: renderReportReviews },
  { path: '/dispatch', open: may('round.manage'), render: renderDispatch },
  { path: '/dispatch/:id', open: may('round.manage'), render: renderRound },
  { path: '/bulletins', open: may('bulletin.read'), render: renderBulletins },
  { path: '/bulletins/:id', open: may('bulletin.read'), render: renderBulletin },
  { path: '/meetings', open: may('meeting.manage'), render: renderMeetings },
  { path: '/meetings/new', open: may('meeting.manage'), render: renderMeetingForm },
  { path: '/meetings/:id', open: may('meeting.manage'), render: renderMeeting },
  { path: '/audit', open: may('audit.read'), render: renderAudit },
  { path: '/security', open: may('account.security'), render: renderSecurity },
  { path: '/supervision', open: may('supervision.read'), render: renderNotices },
  { path: '/supervision/:id', open: may('supervision.read'), render: renderNotice },
  { path: '/assessment', open: may('assessment.read'), render: renderAssessment },
  { path: '/assessment/units/:id', open: may('assessment.read'), render: renderAssessmentUnit },
  {
    path: '/channels',
    open: (user) => may('channel.read')(user) || may('channel.preferences')(user),
    render: renderChannels,
  },
];

/** The navigation: only what the person may use. */
const NAV = [
  { href: '/work', label: 'nav.work', open: hasWork, badge: true },
  { href: '/dashboard', label: 'nav.dashboard', open: WORKSPACE },
  { href: '/my-unit', label: 'nav.myUnit', open: OWN_UNIT },
  { href: '/tasks', label: 'nav.tasks', open: WORKSPACE },
  { href: '/timeline', label: 'nav.timeline', open: WORKSPACE },
  { href: '/tasks/new', label: 'nav.newTask', open: may('task.create') },
  { href: '/requests', label: 'nav.requests', open: may('extension.decide') },
  { href: '/reviews', label: 'nav.reviews', open: may('report.review') },
  { href: '/dispatch', label: 'nav.dispatch', open: may('round.manage') },
  { href: '/bulletins', label: 'nav.bulletins', open: may('bulletin.read') },
  { href: '/meetings', label: 'nav.meetings', open: may('meeting.manage') },
  { href: '/audit', label: 'nav.audit', open: may('audit.read') },
  { href: '/security', label: 'nav.security', open: may('account.security') },
  { href: '/supervision', label: 'nav.supervision', open: may('supervision.read') },
  { href: '/assessment', label: 'nav.assessment', open: may('assessment.read') },
  { href: '/channels', label: 'nav.channels', open: may('channel.preferences') },
];

for (const page of PAGES) route(page.path, page);

const root = document.getElementById('app');
let renderCount = 0;

function header(user, path) {
  const nav = h(
    'nav',
    { id: 'main-nav', class: 'main-nav', 'aria-label': t('nav.label') },
    h(
      'ul',
      {},
      NAV.filter((n) => n.open(user)).map((n) => {
        const current =
          path === n.href ||
          (n.href === '/tasks' && /^\/tasks\/\d+/.test(path)) ||
          (['/dispatch', '/bulletins', '/meetings', '/supervision', '/assessment'].includes(n.href) &&
            path.startsWith(`${n.href}/`));
        const badge = n.badge ? h('span', { class: 'count-badge', hidden: true }) : null;
        if (badge) showWorkCount(badge);
        return h('li', {}, h('a', { href: n.href, 'aria-current': current ? 'page' : null }, t(n.label), badge));
      }),
    ),
  );
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'nav-toggle',
      'aria-expanded': 'false',
      'aria-controls': 'main-nav',
      onClick: () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        nav.classList.toggle('open', open);
      },
    },
    h('span', { class: 'nav-toggle-bars', 'aria-hidden': 'true' }),
    t('nav.menu'),
  );
  return h(
    'header',
    { class: 'topbar' },
    brand(),
    toggle,
    nav,
    h(
      'div',
      { class: 'account' },
      h(
        'p',
        { class: 'who' },
        h('span', { class: 'who-name' }, data(user.displayName)),
        h('span', { class: 'who-role' }, roleLabel(user.role)),
        user.unit ? h('span', { class: 'who-unit' }, data(nameOf(user.unit))) : null,
      ),
      languageSwitch(),
      h('button', { type: 'button', class: 'btn btn-quiet', onClick: signOut }, t('nav.signOut')),
    ),
  );
}

/** The number of things waiting, beside 待办 in the navigation (none shown while nothing waits). */
function showWorkCount(badge) {
  workCounts()
    .then((work) => {
      if (!work.total) return;
      badge.textContent = String(work.total);
      badge.setAttribute('title', t('nav.workCount', { count: work.total }));
      badge.hidden = false;
    })
    .catch(() => undefined);
}

function brand() {
  return h(
    'a',
    { class: 'brand', href: '/' },
    h('img', { src: '/assets/img/logo.svg', alt: '', width: '28', height: '28' }),
    h('span', {}, t('app.name')),
  );
}

function languageSwitch() {
  const next = getLang() === 'en' ? 'zh-CN' : 'en';
  return h(
    'button',
    {
      type: 'button',
      class: 'btn btn-quiet lang-switch',
      lang: next,
      translate: 'no',
      // the visible word starts the name, as it must for those who speak it to a screen reader
      'aria-label': `${next === 'en' ? 'English' : '中文'} ${t('nav.switchLanguage')}`,
      onClick: () => {
        setLang(next);
        refresh();
      },
    },
    next === 'en' ? 'English' : '中文',
  );
}

function signOut() {
  // the service ends the token (and every other of the account); the page forgets it either way
  if (token()) void api('POST', '/api/auth/logout', {}).catch(() => undefined);
  clearSession();
  forgetServerState();
  navigate('/signin');
}

function simplePage(view, titleKey, textKeys, user) {
  fill(
    view,
    h('h1', { tabindex: '-1' }, t(titleKey)),
    textKeys.map((key) => h('p', { class: 'lead-text' }, t(key))),
    h('p', {}, h('a', { class: 'btn', href: user ? homePath(user) : '/signin' }, t('page.backHome'))),
  );
  return t(titleKey);
}

function renderNoAccess(view, user) {
  clear(view);
  view.classList.add('no-access');
  return simplePage(
    view,
    'noAccess.title',
    ownUnitOnly(user) ? ['noAccess.text', 'noAccess.liaison'] : ['noAccess.text'],
    user,
  );
}

function renderNotFound(view, user) {
  clear(view);
  return simplePage(view, 'notFound.title', ['notFound.text'], user);
}

/** When not even the signed-in account can be read (the service is unreachable, for instance). */
function showFailure(error) {
  clear(root);
  root.append(
    h(
      'main',
      { id: 'main' },
      h('h1', {}, t('error.title')),
      h('p', { class: 'form-errors', role: 'alert' }, errorText(error)),
      h('p', {}, h('a', { class: 'btn', href: location.pathname + location.search }, t('error.retry'))),
    ),
  );
}

async function refreshUser() {
  const me = await get('/api/auth/me');
  const user = {
    ...me,
    unit: me.unit ? { id: me.unit.id, code: me.unit.code, name: me.unit.name, nameEn: me.unit.nameEn } : null,
  };
  saveSession(null, user);
  return user;
}

async function render({ focus }) {
  const mine = ++renderCount;
  disposeCharts();
  const path = location.pathname;
  const found = match(path);
  const page = found?.handler;
  let user = currentUser();
  if (page && !page.public && !token()) {
    navigate(`/signin?next=${encodeURIComponent(path + location.search)}`, { replace: true });
    return;
  }
  // a session kept from before the answers carried allowedActions is read again
  if (token() && !user?.allowedActions) {
    try {
      user = await refreshUser();
    } catch (error) {
      // a 401 has already sent the person to sign in
      if (mine === renderCount && !(error instanceof ApiError && error.status === 401)) showFailure(error);
      return;
    }
    if (mine !== renderCount) return;
  }

  const main = h('main', { id: 'main', tabindex: '-1' });
  const view = h('div', { class: 'page' });
  clear(root);
  document.body.classList.toggle('bare', !user || page?.public === true);
  root.append(
    h('a', { class: 'skip-link', href: '#main', onClick: (e) => (e.preventDefault(), main.focus()) }, t('nav.skip')),
    user && !page?.public
      ? header(user, path)
      : h('header', { class: 'topbar topbar-bare' }, brand(), h('div', { class: 'account' }, languageSwitch())),
    main,
  );
  const message = takeFlash();
  if (message) main.append(h('p', { class: 'notice', role: 'status' }, message));
  main.append(view);

  let title;
  try {
    if (!page) title = renderNotFound(view, user);
    else if (!page.public && !page.open(user)) title = renderNoAccess(view, user);
    else title = await page.render(view, { params: found.params, query: new URLSearchParams(location.search), user });
  } catch (error) {
    if (mine !== renderCount) return;
    if (error instanceof ApiError && error.status === 401) return;
    if (error instanceof NoAccessError || (error instanceof ApiError && error.status === 403))
      title = renderNoAccess(view, user);
    else if (error instanceof ApiError && error.status === 404) title = renderNotFound(view, user);
    else {
      clear(view);
      fill(
        view,
        h('h1', { tabindex: '-1' }, t('error.title')),
        h('p', { class: 'form-errors', role: 'alert' }, errorText(error)),
      );
      title = t('error.title');
    }
  }
  if (mine !== renderCount) return;
  document.title = title ? `${title} · ${t('app.name')}` : t('app.name');
  if (focus && !view.contains(document.activeElement)) {
    const heading = view.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    } else main.focus();
  }
}

setUnauthorizedHandler((where) => {
  forgetServerState();
  if (location.pathname !== '/signin') navigate(`/signin?next=${encodeURIComponent(where)}`, { replace: true });
});

start(render);
