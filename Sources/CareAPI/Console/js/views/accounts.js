// Account administration (账号管理) for administrators: the accounts of this node's area with
// their role, jurisdiction, status and last sign-in; a form that makes one; and the actions on
// an account (change role, disable or enable, reset the password, lift a lockout), each asked
// once more before it is sent. Every rule is the API's; its 422 messages appear beside fields.
import { h, fill, toast, dialog } from '../dom.js';
import { t, label, codes, pick } from '../i18n.js';
import { get, post, api, query } from '../api.js';
import { dateTime } from '../format.js';
import { dataTable } from '../table.js';
import { apiForm, field, messageOf } from '../form.js';
import { heading, facts } from './common.js';
import { registry, nameNow } from '../names.js';

/** active, disabled or locked: what an administrator needs to know first. */
export function accountState(account, now = Date.now()) {
  if (account.disabled) return 'disabled';
  if (account.lockedUntil && Date.parse(account.lockedUntil) > now) return 'locked';
  return 'active';
}

const stateTone = { active: 'success', disabled: 'secondary', locked: 'danger' };

export async function render(view, { me, can }) {
  const writable = can('operator.write');
  const { organisations, staff } = await registry();
  const roleOptions = codes('operatorRole').map((entry) => ({ value: entry.code, text: label('operatorRole', entry.code) }));

  /** A jurisdiction by name: this node's own name, else its tier and code. */
  function jurisdiction(code) {
    if (code === me.node.code && me.node.name) return me.node.name;
    const tier = code.length === 6 ? 'county' : code.length === 9 ? 'street' : 'community';
    return `${label('nodeRole', tier)} ${code}`;
  }

  const table = dataTable({
    id: 'account-table',
    filters: [{ name: 'role', title: t('accountRole'), options: roleOptions }],
    load: ({ limit, cursor, filters }) => get('/operators' + query({ limit, cursor, ...filters })),
    columns: [
      { title: t('accountName'), cell: (a) => [h('strong', a.displayName || a.name), a.displayName ? h('span.muted', ` ${a.name}`) : null], sort: (a) => a.displayName || a.name },
      { title: t('accountRole'), cell: (a) => pick(a.roleLabel), sort: (a) => pick(a.roleLabel) },
      { title: t('jurisdiction'), cell: (a) => jurisdiction(a.division), sort: (a) => a.division },
      { title: t('organisation'), cell: (a) => (a.organisationId ? nameNow('organisations', a.organisationId) : '—') },
      { title: t('status'), cell: (a) => statusCell(a), sort: (a) => accountState(a) },
      { title: t('lastSignIn'), cell: (a) => (a.lastSignInAt ? dateTime(a.lastSignInAt) : t('neverSignedIn')), sort: (a) => a.lastSignInAt || '' },
    ],
    onRow: writable ? (account) => actions(account) : null,
  });

  function statusCell(account) {
    const state = accountState(account);
    return [
      h(`span.badge.status.status-${stateTone[state]}.account-state`, { dataset: { code: state } }, t('account_' + state)),
      state === 'locked' ? h('span.muted', ` ${t('lockedUntil', { time: dateTime(account.lockedUntil) })}`) : null,
      account.mustChangePassword ? h('span.muted', ` ${t('mustChangePassword')}`) : null,
    ];
  }

  function placementFields(account) {
    return [
      h('div.field-row',
        field({ path: 'role', title: t('accountRole'), type: 'select', options: roleOptions, required: true, value: account?.role }),
        field({ path: 'division', title: t('jurisdiction'), value: account?.division, placeholder: me.jurisdiction?.division || me.node.code, hint: t('divisionHint') })),
      h('div.field-row',
        field({ path: 'organisationId', title: t('organisation'), type: 'select', value: account?.organisationId, options: organisations.map((o) => ({ value: o.id, text: o.name })), hint: t('organisationHint') }),
        field({ path: 'staffId', title: t('staffRecord'), type: 'select', value: account?.staffId, options: staff.map((s) => ({ value: s.id, text: `${s.name} · ${nameNow('organisations', s.organisationId)}` })), hint: t('staffHint') })),
    ];
  }

  function create() {
    const box = dialog(t('newAccount'), apiForm({
      fields: [
        h('div.field-row',
          field({ path: 'name', title: t('loginName'), required: true }),
          field({ path: 'displayName', title: t('displayName') })),
        field({ path: 'password', title: t('initialPassword'), type: 'password', required: true, hint: t('passwordRule') }),
        placementFields(null),
      ],
      submitText: t('createAccount'),
      submit: (values) => post('/operators', values),
      onDone: (account) => { box.close(); toast(t('accountCreated', { name: account.name }), 'success'); table.reset(); },
    }), { wide: true });
    box.el.id = 'account-dialog';
  }

  /** Asks before an action: resolves true when the administrator confirms. */
  function confirmed(question) {
    return new Promise((resolve) => {
      let answer = false;
      const yes = h('button.btn.btn-danger.btn-lg', { type: 'button', id: 'confirm-yes', onclick: () => { answer = true; box.close(); } }, t('confirm'));
      const no = h('button.btn.btn-outline-secondary.btn-lg', { type: 'button', onclick: () => box.close() }, t('cancel'));
      const box = dialog(t('pleaseConfirm'), [h('p.confirm-question', question), h('div.form-actions', yes, no)]);
      box.el.id = 'confirm-dialog';
      box.closed.then(() => resolve(answer));
      yes.focus();
    });
  }

  function actions(account) {
    const state = accountState(account);
    const who = account.displayName || account.name;
    const box = dialog(`${t('manageAccount')} · ${who}`, []);
    box.el.id = 'account-dialog';
    const done = (message) => { box.close(); toast(message, 'success'); table.refresh(); };
    const run = async (question, method, path, body, message) => {
      if (!(await confirmed(question))) return;
      try {
        await api(method, path, body);
        done(message);
      } catch (error) {
        toast(messageOf(error), 'error');
      }
    };
    const self = account.id === me.account.id;
    const buttons = h('div.account-actions',
      state === 'locked' ? h('button.btn.btn-warning', { type: 'button', id: 'account-unlock', onclick: () => run(t('confirmUnlock', { name: who }), 'POST', `/operators/${account.id}/unlock`, undefined, t('accountUnlocked')) }, t('unlock')) : null,
      account.disabled
        ? h('button.btn.btn-success', { type: 'button', id: 'account-enable', onclick: () => run(t('confirmEnable', { name: who }), 'POST', `/operators/${account.id}/enable`, undefined, t('accountEnabled')) }, t('enable'))
        : self ? null : h('button.btn.btn-danger', { type: 'button', id: 'account-disable', onclick: () => run(t('confirmDisable', { name: who }), 'POST', `/operators/${account.id}/disable`, undefined, t('accountDisabled')) }, t('disable')));

    const edit = apiForm({
      fields: [field({ path: 'displayName', title: t('displayName'), value: account.displayName }), placementFields(account)],
      submitText: t('save'),
      submit: async (values) => {
        if (!(await confirmed(t('confirmEdit', { name: who })))) return null;
        return api('PATCH', `/operators/${account.id}`, values);
      },
      onDone: (saved) => { if (saved) done(t('saved')); },
    });
    edit.id = 'account-edit';

    const reset = apiForm({
      fields: [field({ path: 'password', title: t('newPassword'), type: 'password', required: true, hint: t('passwordRule') })],
      submitText: t('resetPassword'),
      submit: async (values) => {
        if (!(await confirmed(t('confirmReset', { name: who })))) return null;
        return post(`/operators/${account.id}/password`, values);
      },
      onDone: (saved) => { if (saved) done(t('passwordWasReset')); },
    });
    reset.id = 'account-reset';

    fill(box.el.querySelector('.sheet-body'),
      facts([[t('loginName'), account.name], [t('accountRole'), pick(account.roleLabel)], [t('jurisdiction'), jurisdiction(account.division)],
        [t('status'), statusCell(account)], [t('lastSignIn'), account.lastSignInAt ? dateTime(account.lastSignInAt) : t('neverSignedIn')]]),
      buttons,
      h('h3', t('editAccount')), edit,
      h('h3', t('resetPassword')), reset);
  }

  const tools = writable ? [h('button.btn.btn-primary.btn-lg', { type: 'button', id: 'new-account', onclick: create }, t('newAccount'))] : [];
  fill(view, heading(t('screenAccounts'), tools), table.el);
  await table.refresh();
}
