// Complaints (投诉, GB/T 17242): received, acknowledged, investigated, answered, closed, each
// stage with its deadline; the next steps are the ones the API lists for each complaint. At the
// county, a closed complaint about an organisation may be upheld onto its credit file (credit.write).
import { h, fill, toast, dialog } from '../dom.js';
import { t, label, codes } from '../i18n.js';
import { get, post, query } from '../api.js';
import { dateTime } from '../format.js';
import { resolve, nameNow } from '../names.js';
import { dataTable } from '../table.js';
import { apiForm, field, messageOf } from '../form.js';
import { heading, badge, overdueMark, facts } from './common.js';
import { nodeRole } from '../session.js';

export async function render(view, { can }) {
  const table = dataTable({
    id: 'complaint-table',
    filters: [
      { name: 'status', title: t('status'), options: codes('complaintStatus').map((e) => ({ value: e.code, text: label('complaintStatus', e.code) })) },
      { name: 'overdue', title: t('overdue'), options: [{ value: 'true', text: t('overdueOnly') }] },
    ],
    load: async ({ limit, cursor, filters }) => {
      const page = await get('/complaints' + query({ limit, cursor, ...filters }));
      await resolve(page.items, { organisationId: 'organisations' });
      return page;
    },
    initialSort: { index: 3, descending: true },
    columns: [
      { title: t('complainant'), cell: (c) => h('strong', c.complainant), sort: (c) => c.complainant },
      { title: t('organisation'), cell: (c) => nameNow('organisations', c.organisationId), sort: (c) => nameNow('organisations', c.organisationId) },
      { title: t('status'), cell: (c) => [badge('complaintStatus', c.status), ' ', overdueMark(c)], sort: (c) => c.status },
      { title: t('receivedAt'), cell: (c) => dateTime(c.receivedAt), sort: (c) => c.receivedAt },
      { title: t('stageDue'), cell: (c) => dateTime(c.dueAt), sort: (c) => c.dueAt },
      { title: t('description'), cell: (c) => h('span.clip', c.description) },
      { title: t('channel'), cell: (c) => label('intakeChannel', c.channel), sort: (c) => c.channel },
    ],
    rowClass: (c) => (c.overdue ? 'row-overdue' : null),
    onRow: (complaint) => open(complaint.id),
  });

  async function open(id) {
    const box = dialog(t('complaint'), h('p.loading', t('loading')), { wide: true });
    const draw = async () => {
      const detail = await get(`/complaints/${id}`);
      const c = detail.complaint;
      fill(box.el.querySelector('.sheet-body'),
        facts([[t('complainant'), c.complainant], [t('status'), badge('complaintStatus', c.status)], [t('receivedAt'), dateTime(c.receivedAt)],
          [t('stageDue'), dateTime(c.dueAt)], [t('organisation'), nameNow('organisations', c.organisationId)], [t('description'), c.description],
          [t('takenAt'), `${c.takenAt} · ${c.takenBy}`]]),
        h('h3', t('steps')),
        h('ol.timeline', detail.steps.map((s) => h('li', h('strong', label('complaintStep', s.step)), ` · ${dateTime(s.at)} · ${s.actor} @ ${s.node}`, h('div', s.note)))),
        can('complaint.handle') && c.allowedSteps.length ? apiForm({
          fields: [
            field({ path: 'step', title: t('nextStep'), type: 'select', required: true, options: c.allowedSteps.map((s) => ({ value: s, text: label('complaintStep', s) })) }),
            field({ path: 'note', title: t('note'), type: 'textarea', required: true }),
          ],
          submitText: t('save'),
          submit: (values) => post(`/complaints/${id}/steps`, values),
          onDone: () => { toast(t('saved'), 'success'); draw(); table.refresh(); },
        }) : null,
        can('credit.write') && nodeRole() === 'county' && c.status === 'closed' && c.organisationId ? h('div', { id: 'complaint-uphold' },
          h('h3', t('complaintUphold')), apiForm({
            fields: [
              field({ path: 'severity', title: t('creditSeverity'), table: 'creditSeverity', required: true }),
              field({ path: 'description', title: t('creditDescription'), type: 'textarea', required: true }),
            ],
            submitText: t('complaintUphold'),
            submit: (values) => post('/credit/records', { ...values, kind: 'violation', source: 'complaint', sourceId: id, organisationId: c.organisationId }),
            onDone: () => toast(t('complaintUpheld'), 'success'),
          })) : null);
    };
    try { await draw(); } catch (error) { toast(messageOf(error), 'error'); }
  }

  fill(view, heading(t('screenComplaints')), table.el);
  await table.refresh();
}
