// The form that records one care contact (关怀记录). A concern found can become a service order
// or an alert in the same step: the API writes the contact and the order or alert together,
// or neither. A 422 message appears beside the field it names.
import { h, dialog, toast } from '../dom.js';
import { t } from '../i18n.js';
import { post } from '../api.js';
import { apiForm, field } from '../form.js';
import { localToISO } from '../format.js';

/** Opens the form for the elder `{ elderId, elderName, contactKind }`; `done` runs once it is saved. */
export function contactForm(item, done) {
  const raiseKind = field({
    path: 'raise.kind', title: t('careRaise'), type: 'select',
    options: [{ value: 'order', text: t('careRaiseOrder') }, { value: 'alert', text: t('careRaiseAlert') }],
    hint: t('careRaiseHint'),
  });
  const category = field({ path: 'raise.category', title: t('careOrderCategory'), table: 'serviceCategory' });
  const severity = field({ path: 'raise.severity', title: t('careAlertSeverity'), table: 'alertSeverity' });
  const concern = h('fieldset.care-concern', { hidden: true }, h('legend', t('careConcern')), raiseKind, category, severity);
  const outcome = field({ path: 'outcome', title: t('careOutcome'), table: 'careOutcome', required: true });
  const outcomeControl = outcome.querySelector('select');
  const raiseControl = raiseKind.querySelector('select');

  // Only the follow-up's own field is sent: an order names a category, an alert a severity.
  function arrange() {
    const isConcern = outcomeControl.value === 'concernFound';
    concern.hidden = !isConcern;
    if (!isConcern) raiseControl.value = '';
    category.hidden = raiseControl.value !== 'order';
    severity.hidden = raiseControl.value !== 'alert';
    if (category.hidden) category.querySelector('select').value = '';
    if (severity.hidden) severity.querySelector('select').value = '';
  }
  outcomeControl.addEventListener('change', arrange);
  raiseControl.addEventListener('change', arrange);

  const form = apiForm({
    fields: [
      h('div.field-row',
        field({ path: 'kind', title: t('careContactKind'), table: 'careContactKind', required: true, value: item.contactKind }),
        outcome),
      field({ path: 'at', title: t('careContactAt'), type: 'datetime-local', hint: t('careContactAtHint') }),
      field({ path: 'volunteer', title: t('careVolunteer'), value: item.volunteerName }),
      field({ path: 'notes', title: t('careNotes'), type: 'textarea' }),
      concern,
    ],
    submitText: t('careRecordContact'),
    submit: (values) => {
      if (values.at) values.at = localToISO(values.at);
      if (values.raise && !values.raise.kind) delete values.raise;
      return post(`/elders/${item.elderId}/care-contacts`, values);
    },
    onDone: (saved) => {
      box.close();
      const made = saved.orderId ? t('careMadeOrder') : saved.alertId ? t('careMadeAlert') : '';
      toast(`${t('saved')} ${made}`.trim(), 'success');
      done?.(saved);
    },
  });
  form.id = 'care-contact-form';
  arrange();
  const box = dialog(`${t('careRecordContact')} · ${item.elderName}`, form, { wide: true });
  box.el.id = 'care-contact-dialog';
  return box;
}
