// Channels (消息渠道): a unit's WeCom and DingTalk robots, webhooks and SMS mobiles (addresses masked as the API gives
// them; add, edit, turn on or off, delete, send a test now, where the answer offers channel.manage), and the
// person's own preferences, a grid of message kinds × channels.
import { api, get, patch, post } from '../api.js';
import { clear, data, fill, h, table } from '../dom.js';
import { allows, ownUnitOnly } from '../domain.js';
import { field, formSummary, showApiError } from '../forms.js';
import { nameOf, t } from '../i18n.js';
import { navigate, refresh } from '../router.js';
import { flash, loading, section } from '../ui.js';

const UNIT_CHANNELS = ['wecom', 'dingtalk', 'webhook', 'sms'];

const mobilesOf = (text) =>
  text
    .split(/[\s,，、;；]+/)
    .map((m) => m.trim())
    .filter(Boolean);

/** The form that adds a channel, or changes one (`channel` given): a new address or secret replaces the stored one. */
function channelForm(unitId, channel) {
  const kind = field({
    label: t('channels.kind'),
    name: 'channel',
    control: 'select',
    options: UNIT_CHANNELS.map((c) => ({ value: c, label: t(`channels.kind.${c}`), selected: channel?.channel === c })),
    attrs: channel ? { disabled: true } : {},
  });
  const label = field({
    label: t('channels.label'),
    name: 'label',
    required: true,
    attrs: { maxlength: '100', value: channel?.label ?? '' },
  });
  const address = field({
    label: t('channels.address'),
    name: 'address',
    hint: channel ? t('channels.addressKeep') : t('channels.addressHint'),
    attrs: { maxlength: '2000', autocomplete: 'off' },
  });
  const secret = field({
    label: t('channels.secret'),
    name: 'secret',
    type: 'password',
    hint: channel ? t('channels.secretKeep') : t('channels.secretHint'),
    attrs: { maxlength: '200', autocomplete: 'new-password' },
  });
  const mobiles = field({
    label: t('channels.mobiles'),
    name: 'mobiles',
    hint: t('channels.mobilesHint'),
    attrs: { maxlength: '400' },
  });
  const form = h(
    'form',
    { class: 'form channel-form', novalidate: true },
    formSummary(),
    kind,
    label,
    address,
    secret,
    mobiles,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, channel ? t('channels.save') : t('channels.add')),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { label: label.control.value.trim() };
    if (!channel) body.channel = kind.control.value;
    if (address.control.value.trim()) body.address = address.control.value.trim();
    if (secret.control.value) body.secret = secret.control.value;
    if (mobiles.control.value.trim() || !channel) body.mobiles = mobilesOf(mobiles.control.value);
    try {
      if (channel) await patch(`/api/units/${unitId}/channels/${channel.id}`, body);
      else await post(`/api/units/${unitId}/channels`, body);
      flash(channel ? t('channels.saved') : t('channels.added'));
      refresh();
    } catch (error) {
      showApiError(form, error);
    }
  });
  return form;
}

function channelRows(unitId, channels, editArea) {
  return channels.map((c) => {
    const manage = allows(c, 'channel.manage');
    const result = h('span', { class: 'channel-test-result', role: 'status' });
    const buttons = manage
      ? h(
          'div',
          { class: 'row-actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-small',
              onClick: async () => {
                result.textContent = t('channels.testing');
                try {
                  const r = await post(`/api/units/${unitId}/channels/${c.id}/test`);
                  result.textContent = r.ok ? t('channels.testOk') : `${t('channels.testFailed')}${r.reason ?? ''}`;
                } catch (error) {
                  result.textContent = error.message;
                }
              },
            },
            t('channels.test'),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-small',
              onClick: async () => {
                await patch(`/api/units/${unitId}/channels/${c.id}`, { enabled: !c.enabled });
                flash(c.enabled ? t('channels.disabled') : t('channels.enabled'));
                refresh();
              },
            },
            c.enabled ? t('channels.disable') : t('channels.enable'),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-small',
              onClick: () => fill(editArea, h('h3', {}, t('channels.edit')), channelForm(unitId, c)),
            },
            t('channels.edit'),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-small btn-danger',
              onClick: async () => {
                if (!globalThis.confirm(t('channels.confirmDelete'))) return;
                await api('DELETE', `/api/units/${unitId}/channels/${c.id}`);
                flash(t('channels.deleted'));
                refresh();
              },
            },
            t('channels.delete'),
          ),
          result,
        )
      : null;
    return h(
      'tr',
      {},
      [
        h('th', { scope: 'row' }, data(c.label)),
        t(`channels.kind.${c.channel}`),
        data(c.address || '—'),
        data(c.mobiles.join('、') || '—'),
        c.enabled ? t('channels.on') : t('channels.off'),
        buttons,
      ].map((x, i) => (i === 0 ? x : h('td', {}, x))),
    );
  });
}

/** The person's preferences: every kind × channel, checked when it goes there. */
function preferencesForm(prefs) {
  const box = (kind, channel) => {
    const p = prefs.preferences.find((x) => x.kind === kind && x.channel === channel);
    return h('input', {
      type: 'checkbox',
      name: `${kind}|${channel}`,
      checked: p ? p.enabled : true,
      'aria-label': `${t(`channels.messageKind.${kind}`)}：${t(`channels.kind.${channel}`)}`,
    });
  };
  const rows = prefs.kinds.map((kind) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, t(`channels.messageKind.${kind}`)),
      prefs.channels.map((c) => h('td', {}, box(kind, c))),
    ),
  );
  const form = h(
    'form',
    { class: 'form preferences-form', novalidate: true },
    formSummary(),
    table(
      t('channels.preferences'),
      [t('channels.messageKindHeader'), ...prefs.channels.map((c) => t(`channels.kind.${c}`))],
      rows,
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('channels.savePreferences')),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const preferences = [...form.querySelectorAll('input[type=checkbox]')].map((el) => {
      const [kind, channel] = el.name.split('|');
      return { kind, channel, enabled: el.checked };
    });
    try {
      await api('PUT', '/api/me/channel-preferences', { preferences });
      flash(t('channels.preferencesSaved'));
      refresh();
    } catch (error) {
      showApiError(form, error);
    }
  });
  return form;
}

export async function renderChannels(view, { query, user }) {
  fill(view, h('h1', {}, t('channels.title')), loading(t('page.loading')));
  const parts = [h('h1', {}, t('channels.title'))];
  if (allows(user, 'channel.read')) {
    const units = ownUnitOnly(user) ? [] : await get('/api/units');
    const unitId = ownUnitOnly(user) ? user.unitId : Number(query.get('unit')) || units[0]?.id;
    const picker = ownUnitOnly(user)
      ? null
      : field({
          label: t('channels.unit'),
          name: 'unit',
          control: 'select',
          options: units.map((u) => ({ value: u.id, label: nameOf(u), selected: u.id === unitId })),
        });
    picker?.control.addEventListener('change', () => navigate(`/channels?unit=${picker.control.value}`));
    const channels = unitId ? await get(`/api/units/${unitId}/channels`) : [];
    const editArea = h('div', { class: 'channel-edit' });
    const unit = ownUnitOnly(user) ? user.unit : units.find((u) => u.id === unitId);
    parts.push(
      section(
        'channels-unit',
        t('channels.unitChannels'),
        unit ? h('p', { class: 'lead-text' }, data(nameOf(unit))) : null,
        picker,
        channels.length
          ? table(
              t('channels.unitChannels'),
              [
                t('channels.label'),
                t('channels.kind'),
                t('channels.address'),
                t('channels.mobiles'),
                t('channels.state'),
                t('page.actions'),
              ],
              channelRows(unitId, channels, editArea),
            )
          : h('p', {}, t('channels.none')),
        editArea,
        allows(user, 'channel.manage') && unitId
          ? [h('h3', {}, t('channels.addTitle')), channelForm(unitId, null)]
          : null,
      ),
    );
  }
  if (allows(user, 'channel.preferences')) {
    const prefs = await get('/api/me/channel-preferences');
    parts.push(
      section(
        'channels-preferences',
        t('channels.preferences'),
        h('p', { class: 'hint' }, t('channels.preferencesHint')),
        preferencesForm(prefs),
      ),
    );
  }
  clear(view);
  fill(view, ...parts);
  return t('channels.title');
}
