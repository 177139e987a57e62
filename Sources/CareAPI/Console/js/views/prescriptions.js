// Health prescriptions (健康处方) in the elder's health record: what the doctor advised, whether
// the elder or family acknowledged it, and the forms to issue, acknowledge and withdraw one.
// Labels come from the API's code tables; a 422 message appears beside the field it names.
import { h, dialog, toast } from '../dom.js';
import { t, label } from '../i18n.js';
import { post } from '../api.js';
import { apiForm, field } from '../form.js';
import { dateTime } from '../format.js';

/** The prescriptions block for `elder`, from the health record's `prescriptions`. */
export function prescriptionsBlock(elder, record, { can, reload }) {
  const prescribe = can('health.prescribe');
  const acknowledge = can('health.write');
  const tools = prescribe
    ? h('div.screen-tools', h('button.btn.btn-outline-primary', { type: 'button', id: 'new-prescription', onclick: () => issueForm() }, t('newPrescription')))
    : null;
  const diseaseOf = Object.fromEntries(record.conditions.map((c) => [c.id, c.disease]));

  function table(list) {
    if (!list.length) return h('p.empty', t('noHealthRecords'));
    return h('table.table.table-sm', { id: 'prescription-table' },
      h('thead', h('tr', [t('issuedOn'), t('prescriptionKind'), t('advice'), t('doctor'), t('prescriptionStatus'), ''].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', list.map((p) => h('tr', { dataset: { id: p.id, status: p.status } },
        h('td', p.issuedOn, p.validUntil ? h('div.muted', `${t('validUntil')} ${p.validUntil}`) : null),
        h('td', label('prescriptionKind', p.kind), p.conditionId ? h('div.muted', label('disease', diseaseOf[p.conditionId])) : null),
        h('td.advice', p.advice),
        h('td', p.doctor),
        h('td', h(`span.badge.status.status-${p.status === 'withdrawn' ? 'secondary' : p.status === 'acknowledged' ? 'success' : 'warning'}`, label('prescriptionStatus', p.status)),
          p.acknowledgedAt ? h('div.muted', `${p.acknowledgedBy} · ${dateTime(p.acknowledgedAt)}`) : null,
          p.withdrawnAt ? h('div.muted', `${p.withdrawnReason} · ${dateTime(p.withdrawnAt)}`) : null),
        h('td', p.status === 'withdrawn' ? '' : [
          acknowledge && p.status === 'issued'
            ? h('button.btn.btn-sm.btn-outline-success', { type: 'button', onclick: () => stepForm(p, 'acknowledge') }, t('acknowledgePrescription')) : null,
          prescribe ? h('button.btn.btn-sm.btn-outline-danger', { type: 'button', onclick: () => stepForm(p, 'withdraw') }, t('withdrawPrescription')) : null,
        ])))));
  }

  function issueForm() {
    const conditions = record.conditions.filter((c) => c.status === 'active');
    const form = apiForm({
      fields: [
        field({ path: 'kind', title: t('prescriptionKind'), table: 'prescriptionKind', required: true }),
        field({ path: 'doctor', title: t('doctor'), required: true }),
        field({ path: 'advice', title: t('advice'), type: 'textarea', required: true }),
        field({ path: 'issuedOn', title: t('issuedOn'), type: 'date' }),
        field({ path: 'validUntil', title: t('validUntil'), type: 'date' }),
        conditions.length
          ? field({ path: 'conditionId', title: t('forCondition'), type: 'select', options: conditions.map((c) => ({ value: c.id, text: label('disease', c.disease) })) })
          : null,
      ].filter(Boolean),
      submitText: t('newPrescription'),
      submit: (values) => post(`/elders/${elder.id}/prescriptions`, values),
      onDone: () => { box.close(); toast(t('saved'), 'success'); reload(); },
    });
    form.id = 'prescription-form';
    const box = dialog(`${t('newPrescription')} · ${elder.name}`, form, { wide: true });
  }

  function stepForm(prescription, step) {
    const form = apiForm({
      fields: [step === 'acknowledge'
        ? field({ path: 'by', title: t('acknowledgedBy'), hint: t('acknowledgedByHint'), required: true })
        : field({ path: 'reason', title: t('withdrawnReason'), required: true })],
      submitText: t(step === 'acknowledge' ? 'acknowledgePrescription' : 'withdrawPrescription'),
      submit: (values) => post(`/prescriptions/${prescription.id}/${step}`, values),
      onDone: () => { box.close(); toast(t('saved'), 'success'); reload(); },
    });
    form.id = `prescription-${step}-form`;
    const box = dialog(`${t(step === 'acknowledge' ? 'acknowledgePrescription' : 'withdrawPrescription')} · ${elder.name}`, form);
  }

  return [h('h3', t('prescriptions')), tools, table(record.prescriptions || [])];
}
