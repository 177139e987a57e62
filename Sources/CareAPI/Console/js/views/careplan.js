// An elder's care plan (关怀计划) inside the elder's dialog: the groups the elder is in, the plan
// with what applies (the plan's own figures or the county's rule for the group), where it
// stands today, the contacts made, and the forms to set or end the plan and record a contact.
import { h, fill, toast } from '../dom.js';
import { t, label } from '../i18n.js';
import { get, put, api } from '../api.js';
import { apiForm, field } from '../form.js';
import { dateTime } from '../format.js';
import { facts } from './common.js';
import { contactForm } from './carecontact.js';

/** The section for `elder`; `changed` runs after a write so a list behind the dialog refreshes. */
export function carePlanSection(elder, { can, changed }) {
  const section = h('section.care-plan', { id: 'care-plan' }, h('h2', t('carePlan')), h('p.loading', t('loading')));

  async function load() {
    const [care, contacts] = await Promise.all([get(`/elders/${elder.id}/care`), get(`/elders/${elder.id}/care-contacts`)]);
    const plan = care.plan;
    const groups = care.groups.length ? care.groups.map((g) => label('careGroup', g)).join('、') : t('careNoGroups');
    const item = plan ? { elderId: elder.id, elderName: elder.name, contactKind: plan.contactKind, volunteerName: plan.volunteerName } : null;
    fill(section,
      h('h2', t('carePlan')),
      h('p', { id: 'care-groups' }, `${t('careGroups')}: ${groups}`),
      plan ? facts([
        [t('careGroup'), label('careGroup', plan.group)],
        [t('careContactKind'), `${label('careContactKind', plan.contactKind)}${plan.ownContactKind ? '' : ` (${t('careRuleCounty')})`}`],
        [t('careInterval'), `${t('careEveryDays', { days: plan.intervalDays })}${plan.ownIntervalDays ? '' : ` (${t('careRuleCounty')})`}`],
        [t('careGrace'), t('careDays', { days: plan.graceDays })],
        [t('careAssignee'), plan.assignee],
        [t('careVolunteer'), plan.volunteerName ? `${plan.volunteerName} ${plan.volunteerPhone || ''}` : '—'],
        [t('careStartsOn'), plan.startsOn],
        [t('careDueOn'), care.due ? `${care.due.dueOn} · ${label('careState', care.due.state)}` : '—'],
      ]) : h('p.empty', { id: 'no-care-plan' }, t('careNoPlan')),
      h('div.screen-tools',
        can('care.plan') && care.groups.length ? h('button.btn.btn-outline-primary', { type: 'button', id: 'set-care-plan', onclick: () => planForm(plan, care.groups) }, t(plan ? 'careEditPlan' : 'careNewPlan')) : null,
        can('care.plan') && plan ? h('button.btn.btn-outline-danger', { type: 'button', id: 'end-care-plan', onclick: () => endPlan(plan) }, t('careEndPlan')) : null,
        can('care.write') && plan ? h('button.btn.btn-primary', { type: 'button', id: 'plan-record-contact', onclick: () => contactForm(item, done) }, t('careRecordContact')) : null),
      h('h3', t('careContacts')), contactsTable(contacts.items));
  }

  function contactsTable(list) {
    if (!list.length) return h('p.empty', t('careNoContacts'));
    return h('table.table.table-sm', { id: 'care-contact-table' },
      h('thead', h('tr', [t('careContactAt'), t('careContactKind'), t('careOutcome'), t('careNotes'), t('enteredBy')].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', list.map((c) => h('tr', { dataset: { outcome: c.outcome } },
        h('td', dateTime(c.at)), h('td', label('careContactKind', c.kind)),
        h('td', label('careOutcome', c.outcome), c.followUpKind ? h('div.muted', label('careFollowUp', c.followUpKind)) : null),
        h('td', c.notes || ''), h('td', c.by, c.volunteer ? h('div.muted', c.volunteer) : null)))));
  }

  function planForm(plan, groups) {
    const form = apiForm({
      fields: [
        field({ path: 'group', title: t('careGroup'), type: 'select', required: true, value: plan?.group,
          options: groups.map((g) => ({ value: g, text: label('careGroup', g) })) }),
        h('div.field-row',
          field({ path: 'contactKind', title: t('careContactKind'), table: 'careContactKind', value: plan?.ownContactKind ? plan.contactKind : undefined, hint: t('careCountyRuleHint') }),
          field({ path: 'intervalDays', title: t('careInterval'), type: 'number', min: 1, max: 90, value: plan?.ownIntervalDays ? plan.intervalDays : undefined, hint: t('careCountyRuleHint') })),
        field({ path: 'assignee', title: t('careAssignee'), required: true, value: plan?.assignee, hint: t('careAssigneeHint') }),
        h('div.field-row',
          field({ path: 'volunteerName', title: t('careVolunteer'), value: plan?.volunteerName }),
          field({ path: 'volunteerPhone', title: t('careVolunteerPhone'), inputmode: 'tel', value: plan?.volunteerPhone })),
        field({ path: 'startsOn', title: t('careStartsOn'), type: 'date', value: plan?.startsOn }),
        field({ path: 'note', title: t('note'), type: 'textarea', value: plan?.note }),
      ],
      submitText: t('save'),
      submit: (values) => put(`/elders/${elder.id}/care-plan`, values),
      onDone: () => { toast(t('saved'), 'success'); done(); },
    });
    form.id = 'care-plan-form';
    fill(section, h('h2', t(plan ? 'careEditPlan' : 'careNewPlan')), form);
  }

  async function endPlan(plan) {
    await api('DELETE', `/elders/${elder.id}/care-plan`, undefined, { headers: { 'if-match': plan.version } });
    toast(t('saved'), 'success');
    done();
  }

  function done() {
    load().catch(show);
    changed?.();
  }

  const show = (error) => fill(section, h('h2', t('carePlan')), h('p.notice.notice-error', error.message));
  load().catch(show);
  return section;
}
