// The administrators' pages (三员分立): the audit log, with the auditor's check of its hash chain, and the security
// administrator's page — the security policy in force and the accounts, each with unlock and sign-out. What each
// person may do comes from the API (allowedActions of /api/auth/me).
import { currentUser, get, post } from '../api.js';
import { clear, data, fill, h, table } from '../dom.js';
import { allows, roleLabel } from '../domain.js';
import { showApiError } from '../forms.js';
import { errorText, formatDateTime, t } from '../i18n.js';
import { navigate, refresh } from '../router.js';
import { flash, loading, section, takeFlash } from '../ui.js';

const ENTITY_TYPES = ['', 'user', 'access', 'export', 'task', 'report', 'plan', 'unit', 'bulletin', 'meeting'];

function chainResult(v) {
  const items = [
    h(
      'p',
      { class: v.ok ? 'notice' : 'form-errors', role: 'status' },
      v.ok ? t('auditLog.chainOk') : t('auditLog.chainBroken', { n: v.problemCount }),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('auditLog.checked')),
      h('dd', {}, String(v.checked)),
      h('dt', {}, t('auditLog.head')),
      h('dd', {}, h('code', {}, `${v.headSeq} ${v.headHash}`)),
      v.purgedThroughSeq ? h('dt', {}, t('auditLog.purged')) : null,
      v.purgedThroughSeq ? h('dd', {}, String(v.purgedThroughSeq)) : null,
    ),
  ];
  if (v.problems.length) {
    items.push(
      table(
        t('auditLog.problems'),
        [t('auditLog.problem'), t('auditLog.place'), t('auditLog.entry')],
        v.problems.map((p) =>
          h(
            'tr',
            {},
            h('td', {}, t(`auditLog.problem.${p.kind}`)),
            h('td', {}, String(p.seq)),
            h('td', {}, p.entryId ? String(p.entryId) : '—'),
          ),
        ),
        { class: 'data-table' },
      ),
    );
  }
  return items;
}

export async function renderAudit(view, ctx) {
  const entityType = ctx.query.get('entityType') ?? '';
  fill(view, h('h1', {}, t('auditLog.title')), loading(t('page.loading')));
  const page = await get('/api/audit', { pageSize: 100, ...(entityType ? { entityType } : {}) });
  clear(view);
  const select = h(
    'select',
    { id: 'audit-entity-type', name: 'entityType' },
    ENTITY_TYPES.map((type) =>
      h(
        'option',
        { value: type, selected: type === entityType },
        type ? t(`auditLog.type.${type}`) : t('auditLog.allTypes'),
      ),
    ),
  );
  const filter = h(
    'form',
    { class: 'audit-filter', role: 'search' },
    h('label', { for: 'audit-entity-type' }, t('auditLog.entityType')),
    select,
    h('button', { type: 'submit', class: 'btn' }, t('auditLog.show')),
  );
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(select.value ? `/audit?entityType=${encodeURIComponent(select.value)}` : '/audit');
  });
  const verifyBox = h('div', { id: 'audit-chain' });
  const verify = allows(ctx.user, 'audit.verify')
    ? section(
        'audit-chain-title',
        t('auditLog.chainTitle'),
        h('p', { class: 'muted' }, t('auditLog.chainHint')),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-primary',
            onClick: async () => {
              fill(clear(verifyBox), loading(t('page.loading')));
              try {
                fill(clear(verifyBox), ...chainResult(await get('/api/audit/verify')));
              } catch (error) {
                fill(clear(verifyBox), h('p', { class: 'form-errors', role: 'alert' }, errorText(error)));
              }
            },
          },
          t('auditLog.verify'),
        ),
        verifyBox,
      )
    : null;
  fill(
    view,
    h('h1', {}, t('auditLog.title')),
    verify,
    filter,
    table(
      t('auditLog.title'),
      [
        t('auditLog.at'),
        t('auditLog.actor'),
        t('auditLog.object'),
        t('auditLog.action'),
        t('auditLog.field'),
        t('auditLog.before'),
        t('auditLog.after'),
      ],
      page.items.map((e) =>
        h(
          'tr',
          { dataset: { entry: String(e.id) } },
          h('td', { class: 'nowrap' }, formatDateTime(e.at)),
          h('td', {}, e.actorEmail ? data(e.actorEmail) : t('auditLog.system')),
          h('td', { class: 'nowrap' }, `${e.entityType} ${e.entityId}`),
          h('td', {}, data(e.action)),
          h('td', {}, e.field ? data(e.field) : ''),
          h('td', {}, e.oldValue === null ? '' : data(e.oldValue)),
          h('td', {}, e.newValue === null ? '' : data(e.newValue)),
        ),
      ),
      { class: 'data-table' },
    ),
    page.total > page.items.length ? h('p', { class: 'muted' }, t('auditLog.more', { n: page.total })) : null,
  );
  return t('auditLog.title');
}

function policyFacts(p) {
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
  return h(
    'dl',
    { class: 'facts' },
    ...row(t('security.passwords'), t('security.passwordRule', p.passwords)),
    ...row(
      t('security.lockout'),
      t('security.lockoutRule', {
        ...p.signIn,
        minutes: p.signIn.lockoutSeconds / 60,
        window: p.signIn.lockoutWindowSeconds / 60,
      }),
    ),
    ...row(
      t('security.sessions'),
      t('security.sessionRule', { idle: p.sessions.idleTimeoutSeconds / 60, hours: p.sessions.lifetimeSeconds / 3600 }),
    ),
    ...row(t('security.separation'), p.separationOfDuties ? t('security.on') : t('security.off')),
    ...row(t('security.retention'), t('security.retentionRule', p.audit)),
    ...row(
      t('security.proxies'),
      p.signIn.trustedProxies.length ? p.signIn.trustedProxies.join(', ') : t('security.noProxies'),
    ),
  );
}

export async function renderSecurity(view) {
  fill(view, h('h1', {}, t('security.title')), loading(t('page.loading')));
  const [policy, users] = await Promise.all([get('/api/security/policy'), get('/api/users')]);
  clear(view);
  const message = takeFlash();
  const act = (path, done) => async (event) => {
    const cell = event.currentTarget.closest('td');
    try {
      await post(path, {});
      flash(done);
      refresh();
    } catch (error) {
      showApiError(cell, error);
    }
  };
  const me = currentUser();
  fill(
    view,
    h('h1', {}, t('security.title')),
    message ? h('p', { class: 'notice', role: 'status' }, message) : null,
    section('security-policy-title', t('security.policy'), policyFacts(policy)),
    section(
      'security-users-title',
      t('security.accounts'),
      table(
        t('security.accounts'),
        [t('security.name'), t('security.email'), t('security.role'), t('page.actions')],
        users.map((u) =>
          h(
            'tr',
            { dataset: { user: String(u.id) } },
            h('td', {}, data(u.displayName)),
            h('td', {}, data(u.email)),
            h('td', {}, roleLabel(u.role)),
            h(
              'td',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn',
                  onClick: act(`/api/users/${u.id}/unlock`, t('security.unlocked', { name: u.displayName })),
                },
                t('security.unlock'),
              ),
              ' ',
              u.id === me?.id
                ? null
                : h(
                    'button',
                    {
                      type: 'button',
                      class: 'btn',
                      onClick: act(`/api/users/${u.id}/sessions/end`, t('security.signedOut', { name: u.displayName })),
                    },
                    t('security.endSessions'),
                  ),
              h('p', { class: 'form-errors', role: 'alert', hidden: true }),
            ),
          ),
        ),
        { class: 'data-table' },
      ),
    ),
  );
  return t('security.title');
}
