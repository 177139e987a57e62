// Volunteers and the time bank (志愿服务, Anhui §5.2.2.6): the registry of volunteers, the
// activities with their sign-ups and attendance, a volunteer's ledger with its balance and the
// redeem form, and the overdrafts a street settles. Minutes are whole numbers in the API; they
// are shown here as hours and minutes. A 422 message appears beside the field it names.
import { h, fill, toast, dialog } from '../dom.js';
import { t, label } from '../i18n.js';
import { get, post, query } from '../api.js';
import { dateTime } from '../format.js';
import { dataTable } from '../table.js';
import { apiForm, field, messageOf } from '../form.js';
import { heading, badge, facts } from './common.js';

/** 90 → "1 h 30 min" (or 小时/分钟); negative balances keep their sign. */
export function duration(minutes) {
  const sign = minutes < 0 ? '−' : '';
  const whole = Math.abs(minutes);
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  return sign + (hours ? t('hoursMinutes', { h: hours, m: rest }) : t('minutesOnly', { m: rest }));
}

function volunteerTable(ctx) {
  return dataTable({
    id: 'volunteer-table',
    filters: [{ name: 'q', title: t('volunteerSearch'), placeholder: t('volunteerSearch') }],
    load: ({ filters: chosen }) => get('/volunteers' + query({ ...chosen })),
    columns: [
      { title: t('name'), cell: (v) => h('strong', v.name) },
      { title: t('phone'), cell: (v) => v.phone },
      { title: t('community'), cell: (v) => v.community },
      { title: t('volunteerSkills'), cell: (v) => v.skills.map((s) => label('volunteerSkill', s)).join('、') },
      { title: t('status'), cell: (v) => badge('volunteerStatus', v.status) },
      { title: t('volunteerIsElder'), cell: (v) => (v.elderId ? t('yes') : '') },
    ],
    onRow: (v) => showLedger(v.id, ctx),
  });
}

function activityTable(ctx) {
  return dataTable({
    id: 'activity-table',
    load: () => get('/volunteer-activities'),
    columns: [
      { title: t('activityDate'), cell: (a) => a.date },
      { title: t('activityTitle'), cell: (a) => h('strong', a.title) },
      { title: t('activityPlace'), cell: (a) => a.place },
      { title: t('activityMinutes'), cell: (a) => duration(a.minutes) },
      { title: t('activitySignedUp'), cell: (a) => `${a.signedUp.length} / ${a.capacity}` },
    ],
    onRow: (a) => showActivity(a.id, ctx),
  });
}

/** A volunteer's ledger: the balance as this node folds it, every entry, and the redeem form. */
export async function showLedger(id, { can }) {
  const box = dialog(t('ledger'), h('p.loading', t('loading')), { wide: true });
  const draw = async () => {
    const ledger = await get(`/volunteers/${id}/ledger`);
    const v = ledger.volunteer;
    let orders = [];
    if (can('timebank.redeem')) orders = (await get('/orders' + query({ limit: 50 }))).items;
    fill(box.el.querySelector('.sheet-body'),
      h('div', { id: 'ledger' },
        facts([
          [t('name'), v.name], [t('phone'), v.phone], [t('community'), v.community],
          [t('volunteerSkills'), v.skills.map((s) => label('volunteerSkill', s)).join('、')],
          [t('status'), badge('volunteerStatus', v.status)],
          [t('balance'), h(`strong.balance${ledger.balance < 0 ? '.overdrawn' : ''}`, { id: 'ledger-balance', dataset: { minutes: ledger.balance } }, duration(ledger.balance))],
          [t('ledgerTotals'), `${t('earned')} ${duration(ledger.earned)} · ${t('redeemed')} ${duration(ledger.redeemed)} · ${t('adjusted')} ${duration(ledger.adjusted)}`],
        ]),
        ledger.openOverdrafts.length ? h('p.alert.alert-warning', { id: 'ledger-overdraft' }, t('ledgerOverdrawn')) : null,
        ledger.entries.length ? h('table.table.table-sm', { id: 'ledger-table' },
          h('thead', h('tr', [t('time'), t('entryKind'), t('entryMinutes'), t('balanceAfter'), t('entryFor'), t('takenAt')].map((title) => h('th', { scope: 'col' }, title)))),
          h('tbody', ledger.entries.map((e) => h(`tr${e.overdraft ? '.row-overdue' : ''}`, { dataset: { kind: e.kind, id: e.id } },
            h('td', dateTime(e.at)),
            h('td', label('timeEntryKind', e.kind)),
            h('td.num', (e.signedMinutes > 0 ? '+' : '') + duration(e.signedMinutes)),
            h('td.num', duration(e.balanceAfter)),
            h('td', e.activityTitle || (e.relation ? label('redemptionRelation', e.relation) : ''), e.note ? h('div.muted', e.note) : null),
            h('td', `${e.node} · ${e.operator}`))))) : h('p.empty', t('noEntries')),
        can('timebank.redeem') ? h('div', { id: 'redeem-form' }, h('h3', t('redeem')), apiForm({
          fields: [
            field({ path: 'minutes', title: t('entryMinutes'), type: 'number', required: true, min: 1, step: 1 }),
            field({ path: 'orderId', title: t('redeemOrder'), type: 'select', required: true,
              options: orders.map((o) => ({ value: o.id, text: `${o.elderName || o.elderId} · ${label('serviceCategory', o.category)} · ${dateTime(o.requestedAt)}` })) }),
            field({ path: 'relation', title: t('redeemRelation'), table: 'redemptionRelation', required: true }),
            field({ path: 'note', title: t('note') }),
          ],
          submitText: t('redeem'),
          submit: (values) => post(`/volunteers/${id}/redeem`, values),
          onDone: () => { toast(t('saved'), 'success'); draw(); },
        })) : null));
  };
  try { await draw(); } catch (error) { toast(messageOf(error), 'error'); }
}

/** An activity: who signed up, who attended (crediting the hours), and the sign-up form. */
export async function showActivity(id, { can }) {
  const box = dialog(t('activity'), h('p.loading', t('loading')), { wide: true });
  const draw = async () => {
    const a = await get(`/volunteer-activities/${id}`);
    const volunteers = can('volunteer.write') ? (await get('/volunteers')).items.filter((v) => v.status === 'active') : [];
    const signed = new Set(a.signedUp.map((p) => p.id));
    const act = (path, volunteerId) => post(`/volunteer-activities/${id}/${path}`, { volunteerId })
      .then(() => { toast(t('saved'), 'success'); draw(); }, (error) => toast(messageOf(error), 'error'));
    fill(box.el.querySelector('.sheet-body'),
      facts([[t('activityTitle'), a.title], [t('activityDate'), a.date], [t('activityPlace'), a.place],
        [t('activityMinutes'), duration(a.minutes)], [t('activitySignedUp'), `${a.signedUp.length} / ${a.capacity}`]]),
      h('table.table.table-sm', { id: 'signup-table' },
        h('thead', h('tr', [t('name'), t('attendance'), ''].map((title) => h('th', { scope: 'col' }, title)))),
        h('tbody', a.signedUp.map((p) => h('tr', { dataset: { id: p.id } },
          h('td', p.name || p.id),
          h('td', p.attended ? h('span.badge.status.status-success', t('attended')) : t('notYet')),
          h('td', !p.attended && can('timebank.credit') ? h('button.btn.btn-sm.btn-outline-success', { type: 'button', onclick: () => act('attendance', p.id) }, t('markAttended')) : null))))),
      can('volunteer.write') && a.signedUp.length < a.capacity ? h('div', { id: 'signup-form' }, apiForm({
        fields: [field({ path: 'volunteerId', title: t('signUpVolunteer'), type: 'select', required: true,
          options: volunteers.filter((v) => !signed.has(v.id)).map((v) => ({ value: v.id, text: `${v.name} · ${v.community}` })) })],
        submitText: t('signUp'),
        submit: (values) => post(`/volunteer-activities/${id}/signups`, values),
        onDone: () => { toast(t('saved'), 'success'); draw(); },
      })) : null);
  };
  try { await draw(); } catch (error) { toast(messageOf(error), 'error'); }
}

function registerForm(onDone) {
  const form = apiForm({
    fields: [
      field({ path: 'name', title: t('name'), required: true }),
      field({ path: 'phone', title: t('phone'), required: true, inputmode: 'tel' }),
      field({ path: 'community', title: t('community'), required: true, inputmode: 'numeric', placeholder: '420107001001' }),
      field({ path: 'skills', title: t('volunteerSkills'), table: 'volunteerSkill', multiple: true }),
      field({ path: 'elderId', title: t('volunteerElderId'), hint: t('volunteerElderHint') }),
    ],
    submitText: t('registerVolunteer'),
    submit: (values) => post('/volunteers', values),
    onDone: () => { box.close(); toast(t('saved'), 'success'); onDone(); },
  });
  form.id = 'volunteer-form';
  const box = dialog(t('registerVolunteer'), form);
}

function activityForm(onDone) {
  const form = apiForm({
    fields: [
      field({ path: 'title', title: t('activityTitle'), required: true }),
      field({ path: 'date', title: t('activityDate'), type: 'date', required: true }),
      field({ path: 'place', title: t('activityPlace'), required: true }),
      field({ path: 'minutes', title: t('activityMinutes'), type: 'number', required: true, min: 15, step: 15, hint: t('activityMinutesHint') }),
      field({ path: 'capacity', title: t('activityCapacity'), type: 'number', required: true, min: 1, step: 1 }),
    ],
    submitText: t('newActivity'),
    submit: (values) => post('/volunteer-activities', values),
    onDone: () => { box.close(); toast(t('saved'), 'success'); onDone(); },
  });
  form.id = 'activity-form';
  const box = dialog(t('newActivity'), form);
}

/** The street's overdrafts: two stations spent the same hours apart; settle or accept each. */
async function overdraftList(ctx) {
  const el = h('section', { id: 'overdrafts' });
  const draw = async () => {
    const page = await get('/timebank/overdrafts');
    fill(el, h('h2', t('overdrafts')), page.items.length ? h('table.table.table-sm', { id: 'overdraft-table' },
      h('thead', h('tr', [t('name'), t('balance'), t('overdraftEntry'), ''].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', page.items.map((o) => h('tr', { dataset: { id: o.conflict.id } },
        h('td', o.volunteerName || o.volunteerId),
        h('td.num', duration(o.balance)),
        h('td', o.conflict.loserValue),
        h('td', ctx.can('timebank.settle') && ctx.me?.node?.role !== 'community'
          ? h('button.btn.btn-sm.btn-outline-primary', { type: 'button', onclick: () => settleForm(o, draw) }, t('settle')) : t('settleAtStreet')))))) : h('p.empty', t('noOverdrafts')));
  };
  await draw();
  return el;
}

function settleForm(overdraft, onDone) {
  const form = apiForm({
    fields: [
      field({ path: 'minutes', title: t('adjustMinutes'), type: 'number', step: 1, value: -overdraft.balance, hint: t('adjustHint') }),
      field({ path: 'note', title: t('note'), type: 'textarea' }),
    ],
    submitText: t('settle'),
    submit: (values) => post(`/timebank/overdrafts/${overdraft.conflict.id}/settle`, values),
    onDone: () => { box.close(); toast(t('saved'), 'success'); onDone(); },
  });
  form.id = 'settle-form';
  const box = dialog(`${t('settle')} · ${overdraft.volunteerName || ''}`, form);
}

export async function render(view, ctx) {
  const volunteers = volunteerTable(ctx);
  const activities = activityTable(ctx);
  const tools = ctx.can('volunteer.write') ? [
    h('button.btn.btn-primary', { type: 'button', id: 'register-volunteer', onclick: () => registerForm(() => volunteers.refresh()) }, t('registerVolunteer')),
    h('button.btn.btn-outline-primary', { type: 'button', id: 'new-activity', onclick: () => activityForm(() => activities.refresh()) }, t('newActivity')),
  ] : [];
  fill(view, heading(t('screenTimeBank'), tools), h('h2', t('volunteers')), volunteers.el, h('h2', t('activities')), activities.el, await overdraftList(ctx));
  await Promise.all([volunteers.refresh(), activities.refresh()]);
  if (ctx.args?.[0]) showLedger(ctx.args[0], ctx);
}
