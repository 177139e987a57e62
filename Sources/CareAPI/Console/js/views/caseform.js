// The case form of the window (受理事项): a consultation, a booking, an application (with
// documents, uploaded first and named by their digests) or a complaint about an order or an
// organisation, which the API opens as a complaint record too. Each 422 shows beside its field.
import { h, toast } from '../dom.js';
import { t, label } from '../i18n.js';
import { post } from '../api.js';
import { dateTime } from '../format.js';
import { apiForm, field } from '../form.js';
import { nameNow, registry } from '../names.js';

export async function caseForm(elder, kind, { channel, orders, onDone }) {
  const fields = [
    field({ path: 'channel', title: t('channel'), table: 'intakeChannel', required: true, value: channel }),
    field({ path: 'summary', title: t(kind === 'application' ? 'caseApplicationSummary' : 'caseSummary'), type: 'textarea', required: true }),
  ];
  let files = null;
  if (kind === 'application') {
    files = h('input.form-control', { id: 'case-documents', type: 'file', multiple: true, accept: 'image/*', 'aria-describedby': 'case-documents-error' });
    fields.push(h('div.field', h('label.form-label', { for: 'case-documents' }, t('caseDocuments')), files,
      h('div.form-text', t('caseDocumentsHint')),
      h('div.field-error', { id: 'case-documents-error', role: 'alert', dataset: { errorFor: 'documents' } })));
  }
  if (kind === 'complaint') {
    const { organisations } = await registry();
    fields.push(
      field({ path: 'orderId', title: t('aboutOrder'), type: 'select',
        options: orders.map((o) => ({ value: o.id, text: `${label('serviceCategory', o.category)} · ${dateTime(o.requestedAt)} · ${nameNow('organisations', o.organisationId)}` })) }),
      field({ path: 'organisationId', title: t('aboutOrganisation'), type: 'select', options: organisations.map((o) => ({ value: o.id, text: o.name })) }),
      field({ path: 'complainant', title: t('complainant'), value: elder.name }));
  }
  return h('div.intake-block', { id: 'case-form', dataset: { kind } }, h('h2', label('caseKind', kind)), apiForm({
    fields,
    submitText: t('takeCase'),
    submit: async (values) => {
      const documents = [];
      for (const file of files?.files || []) documents.push((await post('/blobs', file)).sha256);
      return post('/cases', { ...values, kind, elderId: elder.id, documents: documents.length ? documents : undefined });
    },
    onDone: (taken) => { toast(t('caseTaken', { name: elder.name, kind: label('caseKind', taken.kind) }), 'success'); onDone?.(); },
  }));
}
