// Supervision (服务监督, Anhui §5.1.2.5): the rectification list (due within a day, overdue —
// escalated), the inspections with their status, a plan form for the county or a street, and an
// inspection's sheet: the checklist, each finding with its photos, deadline and rectification,
// and the next step this account may take (a finding on site, concluding the visit, the
// organisation's answer with evidence, the re-inspection's verdict at a street or the county).
// The county's admin keeps the checklists.
import { h, fill, toast, dialog } from '../dom.js';
import { t, label, codes } from '../i18n.js';
import { get, post, query, all, authHeader } from '../api.js';
import { dateTime, todayCST } from '../format.js';
import { dataTable } from '../table.js';
import { apiForm, field, messageOf } from '../form.js';
import { heading, facts } from './common.js';

const statusTone = { planned: 'warning', inspecting: 'info', rectifying: 'warning', closed: 'success', cancelled: 'secondary' };
const statusBadge = (status) => h(`span.badge.status.status-${statusTone[status] || 'secondary'}`, { dataset: { code: status } }, label('inspectionStatus', status));
const urgencyBadge = (urgency) => (urgency === 'overdue' ? h('span.badge.status.status-danger.overdue', t('inspectionOverdue'))
  : urgency === 'dueSoon' ? h('span.badge.status.status-warning.due-soon', t('inspectionDueSoon')) : null);

/** A photo fetched with the session's token (an <img> cannot send it). */
function photo(sha) {
  const img = h('img.preview', { alt: `${t('photo')} ${sha.slice(0, 8)}` });
  fetch(`/api/v1/blobs/${sha}`, { headers: authHeader() }).then((r) => (r.ok ? r.blob() : null))
    .then((blob) => { if (blob) img.src = URL.createObjectURL(blob); }).catch(() => {});
  return img;
}

async function upload(input) {
  const photos = [];
  for (const file of input?.files || []) photos.push((await post('/blobs', file)).sha256);
  return photos;
}

function rectificationTable(ctx) {
  return dataTable({
    id: 'rectification-table',
    filters: [{ name: 'urgency', title: t('inspectionUrgency'), options: [
      { value: 'dueSoon', text: t('inspectionDueSoon') }, { value: 'overdue', text: t('inspectionOverdue') }] }],
    load: ({ filters }) => get('/rectifications' + query(filters)),
    columns: [
      { title: t('inspectionWho'), cell: (r) => r.inspection.organisationName || r.inspection.home },
      { title: t('inspectionItem'), cell: (r) => r.finding.item },
      { title: t('inspectionSeverity'), cell: (r) => label('findingSeverity', r.finding.severity) },
      { title: t('status'), cell: (r) => [label('rectificationState', r.finding.state), ' ', urgencyBadge(r.finding.urgency)] },
      { title: t('inspectionDue'), cell: (r) => dateTime(r.finding.dueAt) },
      { title: t('note'), cell: (r) => h('span.clip', r.finding.note) },
    ],
    rowClass: (r) => (r.finding.urgency === 'overdue' ? 'row-overdue' : null),
    onRow: (r) => showInspection(r.inspection.id, ctx),
  });
}

function inspectionTable(ctx) {
  const table = dataTable({
    id: 'inspection-table',
    filters: [{ name: 'status', title: t('status'), options: codes('inspectionStatus').map((e) => ({ value: e.code, text: label('inspectionStatus', e.code) })) }],
    load: ({ limit, cursor, filters, sort }) => get('/inspections' + query({ limit, cursor, sort, ...filters })),
    columns: [
      { title: t('inspectionWho'), cell: (i) => h('strong', i.organisationName || `${label('inspectionTarget', 'facility')} ${i.home}`) },
      { title: t('inspectionPlannedOn'), cell: (i) => i.plannedOn, sortKey: 'plannedOn' },
      { title: t('inspectionInspector'), cell: (i) => i.inspector },
      { title: t('status'), cell: (i) => [statusBadge(i.status), ' ', i.overdue ? urgencyBadge('overdue') : null] },
      { title: t('inspectionOpen'), cell: (i) => String(i.openFindings) },
      { title: t('inspectionDue'), cell: (i) => (i.nextDueAt ? dateTime(i.nextDueAt) : ''), sortKey: 'nextDue' },
    ],
    initialSort: { index: 1, descending: true },
    onRow: (i) => showInspection(i.id, { ...ctx, onChange: () => table.refresh() }),
  });
  return table;
}

/** The steps this account may take on an inspection in its state, at this tier. */
function stepsFor(detail, ctx) {
  const { status } = detail.inspection;
  const upper = ctx.me.node.role !== 'community';
  const steps = [];
  if (ctx.can('inspection.write') && (status === 'planned' || status === 'inspecting')) steps.push('finding', 'conclude', 'cancel');
  const states = detail.findings.map((f) => f.state);
  if (ctx.can('inspection.answer') && states.includes('open') && status !== 'closed' && status !== 'cancelled') steps.push('answer');
  if (ctx.can('inspection.write') && upper && states.includes('answered')) steps.push('accept', 'reject');
  return steps;
}

function stepForm(id, detail, steps, onDone) {
  const files = h('input.form-control', { type: 'file', id: 'inspection-photos', multiple: true, accept: 'image/*' });
  const findings = detail.findings.map((f) => ({ value: f.id, text: `${f.item} · ${label('rectificationState', f.state)} · ${f.note.slice(0, 30)}` }));
  return h('div', { id: 'inspection-step-form' }, h('h3', t('nextStep')), apiForm({
    fields: [
      field({ path: 'step', title: t('nextStep'), type: 'select', required: true, options: steps.map((s) => ({ value: s, text: label('inspectionStep', s) })) }),
      field({ path: 'findingId', title: t('inspectionFinding'), type: 'select', options: findings }),
      field({ path: 'item', title: t('inspectionItem'), type: 'select', options: (detail.checklist?.items || []).map((i) => ({ value: i.code, text: `${i.code} ${i.text}` })) }),
      field({ path: 'severity', title: t('inspectionSeverity'), table: 'findingSeverity' }),
      field({ path: 'note', title: t('note'), type: 'textarea' }),
      h('div.field', h('label.form-label', { for: 'inspection-photos' }, t('photos')), files),
    ],
    submitText: t('save'),
    submit: async ({ step, findingId, item, severity, ...values }) => {
      const photos = step === 'finding' || step === 'answer' ? await upload(files) : [];
      return post(`/inspections/${id}/steps`, {
        step, ...values,
        ...(['answer', 'accept', 'reject'].includes(step) ? { findingId } : {}),
        ...(step === 'finding' ? { item, severity } : {}),
        ...(photos.length ? { photos } : {}),
      });
    },
    onDone,
  }));
}

export async function showInspection(id, ctx) {
  const box = dialog(t('inspection'), h('p.loading', t('loading')), { wide: true });
  const draw = async () => {
    const detail = await get(`/inspections/${id}`);
    const i = detail.inspection;
    const steps = ctx.me ? stepsFor(detail, ctx) : [];
    fill(box.el.querySelector('.sheet-body'),
      facts([
        [t('inspectionWho'), i.organisationName || `${label('inspectionTarget', 'facility')} ${i.home}`], [t('station'), i.home],
        [t('status'), statusBadge(i.status)], [t('inspectionPlannedOn'), i.plannedOn], [t('inspectionInspector'), i.inspector],
        [t('inspectionChecklist'), detail.checklist?.title || i.templateId], [t('note'), i.note || ''],
      ]),
      h('h3', t('inspectionFindings')),
      detail.findings.length ? h('ol.timeline', { id: 'inspection-findings' }, detail.findings.map((f) => h('li', { dataset: { finding: f.id, state: f.state } },
        h('strong', `${f.item} · ${label('findingSeverity', f.severity)}`), ' ', label('rectificationState', f.state), ' ', urgencyBadge(f.urgency),
        h('div', f.note), h('div.muted', `${t('inspectionDue')} ${dateTime(f.dueAt)}`),
        f.photos.length ? h('div.previews', f.photos.map(photo)) : null,
        f.steps.length ? h('ul', f.steps.map((s) => h('li', { dataset: { step: s.step } }, `${label('inspectionStep', s.step)} · ${dateTime(s.at)} · ${s.actor} @ ${s.node}`,
          s.note ? h('div', s.note) : null, s.photos.length ? h('div.previews', s.photos.map(photo)) : null))) : null)))
        : h('p.muted', t('none')),
      steps.length ? stepForm(id, detail, steps, async () => { toast(t('saved'), 'success'); await draw(); ctx.onChange?.(); }) : null);
  };
  try { await draw(); } catch (error) { toast(messageOf(error), 'error'); }
}

async function planForm(onDone) {
  const [templates, organisations] = await Promise.all([get('/inspection-templates').then((p) => p.items), all('/organisations', {}, 2000).then((p) => p.items)]);
  return h('section', { id: 'inspection-plan' }, h('h2', t('inspectionPlan')), apiForm({
    fields: [
      field({ path: 'target', title: t('inspectionTargetKind'), table: 'inspectionTarget', required: true }),
      field({ path: 'organisationId', title: t('inspectionOrganisation'), type: 'select', options: organisations.map((o) => ({ value: o.id, text: o.name })) }),
      field({ path: 'home', title: t('inspectionCommunity'), required: true, placeholder: '420107001001' }),
      field({ path: 'templateId', title: t('inspectionChecklist'), type: 'select', required: true, options: templates.map((tp) => ({ value: tp.id, text: `${tp.title} (${label('inspectionTarget', tp.target)})` })) }),
      h('div.field-row', field({ path: 'plannedOn', title: t('inspectionPlannedOn'), type: 'date', required: true, value: todayCST() }),
        field({ path: 'inspector', title: t('inspectionInspector'), required: true })),
      field({ path: 'note', title: t('note'), type: 'textarea' }),
    ],
    submitText: t('save'),
    submit: ({ organisationId, ...values }) => post('/inspections', { ...values, ...(values.target === 'organisation' ? { organisationId } : {}) }),
    onDone,
  }));
}

function templateForm(onDone) {
  return h('section', { id: 'inspection-template' }, h('h2', t('inspectionNewChecklist')), apiForm({
    fields: [
      field({ path: 'title', title: t('inspectionChecklist'), required: true }),
      field({ path: 'target', title: t('inspectionTargetKind'), table: 'inspectionTarget', required: true }),
      field({ path: 'items', title: t('inspectionItems'), type: 'textarea', hint: t('inspectionItemsHint'), required: true }),
    ],
    submitText: t('save'),
    submit: ({ items = '', ...values }) => post('/inspection-templates', {
      ...values,
      items: items.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
        const [code, ...text] = line.split(/\s+/);
        return { code, text: text.join(' ') };
      }),
    }),
    onDone,
  }));
}

export async function render(view, ctx) {
  const rectifications = rectificationTable(ctx);
  const inspections = inspectionTable(ctx);
  const redraw = () => render(view, ctx);
  const planning = ctx.can('inspection.write') && ctx.me.node.role !== 'community';
  const keeping = ctx.can('registry.write') && ctx.me.node.role === 'county';
  fill(view, heading(t('screenInspections')),
    h('section', { id: 'rectifications' }, h('h2', t('inspectionRectifications')), rectifications.el),
    h('section', { id: 'inspections' }, h('h2', t('inspectionList')), inspections.el),
    planning ? await planForm(() => { toast(t('saved'), 'success'); redraw(); }) : null,
    keeping ? templateForm(() => { toast(t('saved'), 'success'); redraw(); }) : null);
  await Promise.all([rectifications.refresh(), inspections.refresh()]);
  if (ctx.args?.[0]) showInspection(ctx.args[0], ctx);
}
