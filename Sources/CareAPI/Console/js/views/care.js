// Proactive care (主动关怀): my due and overdue contacts, most overdue first, each with the form
// that records the contact; for those who set plans, every plan of the station; the street's
// escalation list (care overdue past the county's grace period); and the county's rule per
// care group. Due states are the node's own, computed on its clock from the plans and
// contacts it holds (see CareDue in CareModel).
import { h, fill, dialog, toast } from '../dom.js';
import { t, label } from '../i18n.js';
import { get, put, api } from '../api.js';
import { apiForm, field } from '../form.js';
import { heading } from './common.js';
import { contactForm } from './carecontact.js';
import { carePlanSection } from './careplan.js';

const stateBadge = { due: 'warning', overdue: 'danger', escalated: 'danger', later: 'secondary' };

export async function render(view, { me, can }) {
  const tier = me.node.role;
  const mine = h('section.care-due', { id: 'care-due' });
  const escalations = h('section.care-escalations', { id: 'care-escalations' });
  const rules = h('section.care-defaults', { id: 'care-defaults' });
  fill(view, heading(t('screenCare')), tier === 'community' || can('care.write') ? mine : null, escalations, rules);

  async function loadMine() {
    const all = can('care.plan') && mine.querySelector('#care-all')?.checked;
    const page = await get(all ? '/care/due?all=true&includeLater=true' : '/care/due');
    const toggle = can('care.plan')
      ? h('label.form-check', h('input.form-check-input', { type: 'checkbox', id: 'care-all', checked: Boolean(all), onchange: () => loadMine() }), ' ', t('careAllPlans'))
      : null;
    fill(mine, h('h2', t(all ? 'careStationPlans' : 'careMyDue')), toggle,
      page.items.length ? itemsTable(page.items, 'care-due-table', true) : h('p.empty', { id: 'no-care-due' }, t('careNothingDue')));
  }

  async function loadEscalations() {
    const page = await get('/care/escalations');
    fill(escalations, h('h2', t('careEscalations')), h('p.muted', t('careEscalationsHint')),
      page.items.length ? itemsTable(page.items, 'care-escalation-table', can('care.write') && tier === 'community') : h('p.empty', { id: 'no-care-escalations' }, t('careNoEscalations')));
  }

  function itemsTable(items, id, writable) {
    return h('table.table.table-striped.table-hover', { id },
      h('thead', h('tr', [t('name'), t('careGroup'), t('careContactKind'), t('careDueOn'), t('careState'), t('careLastContact'), t('careAssignee'), t('community'), '']
        .map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', items.map((row) => h('tr', { dataset: { elder: row.elderId, state: row.state } },
        h('td', h('a', { href: '#', onclick: (event) => { event.preventDefault(); openPlan(row); } }, h('strong', row.elderName)), h('div.muted', row.place)),
        h('td', label('careGroup', row.group)),
        h('td', label('careContactKind', row.contactKind), h('div.muted', t('careEveryDays', { days: row.intervalDays }))),
        h('td', row.dueOn, row.signalledAt ? h('div.muted.care-signal', t('careInactivitySignal')) : null),
        h('td', h(`span.badge.status.status-${stateBadge[row.state]}`, label('careState', row.state)),
          row.daysLate > 0 ? h('div.muted', t('careDaysLate', { days: row.daysLate })) : null),
        h('td', row.lastContactOn || '—', row.lastAttempt ? h('div.muted', label('careOutcome', row.lastAttempt.outcome)) : null),
        h('td', row.assignee, row.volunteerName ? h('div.muted', `${t('careVolunteer')}: ${row.volunteerName}`) : null),
        h('td', row.home),
        h('td', writable ? h('button.btn.btn-sm.btn-primary.care-record', { type: 'button', onclick: () => contactForm(row, reload) }, t('careRecordContact')) : '')))));
  }

  function openPlan(row) {
    const box = dialog(row.elderName, carePlanSection({ id: row.elderId, name: row.elderName, home: row.home }, { can, changed: reload }), { wide: true });
    box.el.id = 'care-plan-dialog';
  }

  async function loadRules() {
    const page = await get('/care/defaults');
    const editable = tier === 'county' && can('care.plan');
    fill(rules, h('h2', t('careDefaults')),
      h('table.table.table-sm', { id: 'care-default-table' },
        h('thead', h('tr', [t('careGroup'), t('careContactKind'), t('careInterval'), t('careGrace'), t('careRuleOrigin'), ''].map((title) => h('th', { scope: 'col' }, title)))),
        h('tbody', page.items.map((rule) => h('tr', { dataset: { group: rule.group } },
          h('td', label('careGroup', rule.group)), h('td', label('careContactKind', rule.contactKind)),
          h('td', t('careEveryDays', { days: rule.intervalDays })), h('td', t('careDays', { days: rule.graceDays })),
          h('td', t(rule.origin === 'county' ? 'careRuleCounty' : 'careRuleShipped')),
          h('td', editable ? [
            h('button.btn.btn-sm.btn-outline-primary', { type: 'button', onclick: () => ruleForm(rule) }, t('edit')),
            rule.origin === 'county' ? h('button.btn.btn-sm.btn-outline-secondary', { type: 'button', onclick: () => removeRule(rule) }, t('careRestoreShipped')) : null,
          ] : ''))))));
  }

  function ruleForm(rule) {
    const form = apiForm({
      fields: [
        field({ path: 'contactKind', title: t('careContactKind'), table: 'careContactKind', required: true, value: rule.contactKind }),
        h('div.field-row',
          field({ path: 'intervalDays', title: t('careInterval'), type: 'number', min: 1, max: 90, required: true, value: rule.intervalDays }),
          field({ path: 'graceDays', title: t('careGrace'), type: 'number', min: 0, max: 30, required: true, value: rule.graceDays })),
      ],
      submitText: t('save'),
      submit: (values) => put(`/care/defaults/${rule.group}`, values),
      onDone: () => { box.close(); toast(t('saved'), 'success'); loadRules(); },
    });
    form.id = 'care-default-form';
    const box = dialog(`${t('careDefaults')} · ${label('careGroup', rule.group)}`, form);
  }

  async function removeRule(rule) {
    await api('DELETE', `/care/defaults/${rule.group}`);
    toast(t('saved'), 'success');
    loadRules();
  }

  function reload() {
    loadMine().catch(show(mine));
    loadEscalations().catch(show(escalations));
  }

  const show = (section) => (error) => fill(section, h('p.notice.notice-error', error.message));
  reload();
  await loadRules().catch(show(rules));
  return null;
}
