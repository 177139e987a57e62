// Needs assessment (需求评估, GB/T 42195-2022): the re-assessment list on the node's clock, the
// approver's queue of submitted assessments, and an elder's archive with its new-assessment
// and plan buttons. #/assessments, #/assessments/elder/<id>, #/assessments/new/<elderId>,
// #/assessments/view/<id> (the printable report), #/assessments/edit/<id>.
import { h, fill, toast } from '../dom.js';
import { t, label } from '../i18n.js';
import { get, post } from '../api.js';
import { heading, facts, elderFinder } from './common.js';
import { elder as elderOf } from '../names.js';
import { apiForm, field } from '../form.js';
import { assessmentForm, assessmentReport, levelName } from './assessmentform.js';

export async function render(view, ctx) {
  const [mode, id] = ctx.args;
  if (mode === 'new' && id) return assessmentForm(view, ctx, { elderId: id });
  if (mode === 'edit' && id) return assessmentForm(view, ctx, { assessment: await get(`/assessments/${id}`) });
  if (mode === 'view' && id) return assessmentReport(view, ctx, id);
  if (mode === 'elder' && id) return archive(view, ctx, id);
  return overview(view, ctx);
}

const stateTone = { overdue: 'danger', due: 'warning', later: 'secondary' };

/** A table that becomes one card per row on a phone (each cell names its column). */
function cardTable(id, titles, rows) {
  return h('table.table.table-sm.data-table', { id },
    h('thead', h('tr', titles.map((title) => h('th', title)))),
    h('tbody', rows.map((row) => h('tr', { dataset: row.data }, row.cells.map((cell, index) => h('td', titles[index] ? { dataset: { label: titles[index] } } : {}, cell))))));
}

async function overview(view, ctx) {
  const finder = elderFinder((elder) => { location.hash = `#/assessments/elder/${elder.id}`; });
  const dueBox = h('section.assessment-due', { id: 'assessment-due' }, h('p.loading', t('loading')));
  const queueBox = ctx.can('assessment.approve') ? h('section.assessment-queue', { id: 'assessment-queue' }) : null;
  fill(view, heading(t('screenAssessments')), finder, dueBox, queueBox);
  const due = await get('/assessments/due');
  fill(dueBox, h('h2', t('assessmentDueTitle'), ' ', h('span.badge.bg-secondary', String(due.total))),
    due.items.length ? cardTable('due-table', [t('elderName'), t('assessmentDueOn'), t('assessmentTrigger'), t('assessmentLastLevel'), ''],
      due.items.map((row) => ({ data: { elder: row.elderId }, cells: [
        row.elderName,
        [row.dueOn, ' ', h(`span.badge.status.status-${stateTone[row.state]}`, t('dueState_' + row.state))],
        label('reassessmentTrigger', row.trigger),
        row.lastLevel === null || row.lastLevel === undefined ? '—' : levelName(row.lastLevel),
        h('a.btn.btn-sm.btn-outline-primary', { href: `#/assessments/elder/${row.elderId}` }, t('assessmentOpenArchive')),
      ] })))
      : h('p.empty', t('assessmentNoneDue')));
  if (queueBox) {
    const queue = await get('/assessments/submitted');
    fill(queueBox, h('h2', t('assessmentQueueTitle')), queue.items.length
      ? h('ul.assessment-list', queue.items.map((a) => h('li', h('a', { href: `#/assessments/view/${a.id}` },
        `${a.assessedOn} · ${label('assessmentReason', a.reason)} · ${a.scores.total}/90`))))
      : h('p.empty', t('assessmentQueueEmpty')));
  }
}

async function archive(view, ctx, elderId) {
  const [elder, page, plans] = await Promise.all([
    elderOf(elderId), get(`/elders/${elderId}/assessments`), get(`/elders/${elderId}/assessment-plans`),
  ]);
  const tools = ctx.can('assessment.write')
    ? [h('a.btn.btn-primary', { href: `#/assessments/new/${elderId}`, id: 'new-assessment' }, t('assessmentNew'))] : [];
  const rows = page.items.map((a) => ({ data: { id: a.id }, cells: [
    a.assessedOn, label('assessmentReason', a.reason), `${a.scores.total}/90`,
    a.scores.level === null || a.scores.level === undefined ? '—' : levelName(a.scores.level),
    label('assessmentStatus', a.status),
    h('a.btn.btn-sm.btn-outline-secondary', { href: `#/assessments/view/${a.id}` }, t('assessmentReport')),
  ] }));
  fill(view, heading(`${t('assessmentArchive')} · ${elder?.name || ''}`, ...tools),
    facts([[t('abilityLevel'), elder ? t('ability_' + elder.abilityLevel) : '']]),
    page.items.length ? cardTable('archive-table', [t('assessedOn'), t('assessmentReason'), t('assessmentTotal'), t('abilityLevel'), t('status'), ''], rows)
      : h('p.empty', t('assessmentNoneYet')),
    planSection(ctx, elderId, plans.items));
}

function planSection(ctx, elderId, plans) {
  const list = h('ul.assessment-plans', plans.map((p) => h('li', `${p.dueOn} · ${label('assessmentReason', p.reason)}`,
    p.done ? ` · ${t('planDone')}` : p.cancelled ? ` · ${t('planCancelled')}` : '', p.note ? ` · ${p.note}` : '')));
  if (!ctx.can('assessment.write')) return h('section', h('h2', t('assessmentPlans')), list);
  const form = apiForm({
    fields: [
      field({ path: 'dueOn', title: t('planDueOn'), type: 'date', required: true }),
      field({ path: 'reason', title: t('assessmentReason'), table: 'assessmentReason', required: true }),
      field({ path: 'note', title: t('note') }),
    ],
    submitText: t('planAdd'),
    submit: (values) => post(`/elders/${elderId}/assessment-plans`, values),
    onDone: () => { toast(t('saved'), 'success'); location.reload(); },
  });
  return h('section', h('h2', t('assessmentPlans')), list, form);
}

