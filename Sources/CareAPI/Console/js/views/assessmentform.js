// The assessment form of GB/T 42195-2022 (all 26 items, drawn from GET /assessment-items so
// it shows the node's own table) with a live total and level, and the printable report with
// the submit / approve / return actions. The node recomputes every score; the live figures
// here only help the assessor.
import { h, fill, toast } from '../dom.js';
import { t, pick, label } from '../i18n.js';
import { api, get, post } from '../api.js';
import { heading, facts } from './common.js';
import { elder as elderOf, staff as staffOf } from '../names.js';
import { showErrors, clearErrors, messageOf } from '../form.js';
import { todayCST } from '../format.js';

let itemsCache = null;
export async function loadItems() {
  itemsCache ??= await get('/assessment-items');
  return itemsCache;
}

export const levelName = (level) => t('ability_' + level);

/** The level the node would give: bands by total, then coma, then one raise at most. */
export function liveLevel(table, answers, adjustments) {
  const items = table.domains.flatMap((d) => d.items);
  const answered = items.filter((item) => answers[item.id] !== undefined);
  const sums = Object.fromEntries(table.domains.map((d) => [d.code, d.items.reduce((n, item) => n + (answers[item.id] ?? 0), 0)]));
  const total = Object.values(sums).reduce((a, b) => a + b, 0);
  const complete = answered.length === items.length;
  if (!complete && !adjustments.comatose) return { sums, total, complete, level: null, byTotal: null };
  const byTotal = table.levels.find((band) => total >= band.min && total <= band.max).level;
  if (adjustments.comatose) return { sums, total, complete, level: 4, byTotal: complete ? byTotal : null };
  const events = Object.values(adjustments.riskEvents || {}).reduce((a, b) => a + b, 0);
  const raise = adjustments.dementia || adjustments.mentalDisorder || events >= 2;
  return { sums, total, complete, byTotal, level: raise ? Math.min(byTotal + 1, 4) : byTotal };
}

function errorBox(path) {
  return h('div.field-error', { role: 'alert', dataset: { errorFor: path } });
}

/** The form for a new assessment of `elderId`, or to edit `assessment` (a draft or returned one). */
export async function assessmentForm(view, ctx, { elderId, assessment }) {
  const table = await loadItems();
  const id = assessment?.id;
  const elder = await elderOf(elderId || assessment.elderId);
  const staffPage = await get('/staff?role=assessor&limit=200').catch(() => ({ items: [] }));
  const answers = { ...(assessment?.answers || {}) };
  const adjustments = { comatose: false, dementia: false, mentalDisorder: false, riskEvents: {}, ...(assessment?.adjustments || {}) };

  const summary = h('aside.assessment-live', { id: 'assessment-live', 'aria-live': 'polite' });
  function update() {
    const live = liveLevel(table, answers, adjustments);
    fill(summary, h('h2', t('assessmentLive')),
      h('dl.facts', table.domains.map((d) => [h('dt', pick(d.label)), h('dd', { dataset: { domain: d.code } }, `${live.sums[d.code]} / ${d.maxScore}`)]),
        h('dt', t('assessmentTotal')), h('dd', { id: 'live-total' }, `${live.total} / ${table.maxTotal}`),
        h('dt', t('abilityLevel')), h('dd', { id: 'live-level' }, live.level === null ? t('assessmentIncomplete') : levelName(live.level))));
  }

  const reason = h('select.form-select', { id: 'assessment-reason', dataset: { path: 'reason' } },
    h('option', { value: '' }, t('choose')), table.reasons.map((r) => h('option', { value: r.code }, pick(r.label))));
  reason.value = assessment?.reason || '';
  const assessedOn = h('input.form-control', { type: 'date', id: 'assessment-date', value: assessment?.assessedOn || todayCST() });
  const assessorSelect = (index) => {
    const select = h('select.form-select', { id: `assessor-${index}`, dataset: { assessor: String(index) } },
      h('option', { value: '' }, t('choose')), staffPage.items.map((s) => h('option', { value: s.id }, s.name)));
    select.value = assessment?.assessorIds?.[index] || '';
    return select;
  };
  const assessors = [assessorSelect(0), assessorSelect(1)];
  const note = h('textarea.form-control', { id: 'assessment-note', rows: 2 });
  note.value = assessment?.note || '';

  const sections = table.domains.map((domain) => h('fieldset.assessment-domain', { dataset: { domain: domain.code } },
    h('legend', `${pick(domain.label)} (${domain.maxScore})`),
    domain.items.map((item) => h('div.assessment-item', { dataset: { item: item.id } },
      h('div.item-name', `${item.id} ${pick(item.name)}`),
      h('div.item-options', { role: 'radiogroup', 'aria-label': `${item.id} ${pick(item.name)}` }, item.options.map((option) => {
        const input = h('input.form-check-input', { type: 'radio', name: item.id, value: String(option.score), id: `${item.id}-${option.score}` });
        input.checked = answers[item.id] === option.score;
        input.addEventListener('change', () => { answers[item.id] = option.score; update(); });
        return h('label.form-check.item-option', { for: input.id }, input, ` ${option.score} ${t('points')} · ${pick(option.label)}`);
      })),
      errorBox(`answers.${item.id}`)))));

  const check = (key) => {
    const input = h('input.form-check-input', { type: 'checkbox', id: `adjust-${key}` });
    input.checked = Boolean(adjustments[key]);
    input.addEventListener('change', () => { adjustments[key] = input.checked; update(); });
    return h('label.form-check', { for: input.id }, input, ' ', t('adjust_' + key));
  };
  const riskSelects = table.riskEvents.map((event) => {
    const select = h('select.form-select.form-select-sm', { id: `risk-${event.code}` },
      [0, 1, 2, 3].map((n) => h('option', { value: String(n) }, t('riskCount_' + n))));
    select.value = String(adjustments.riskEvents[event.code] || 0);
    select.addEventListener('change', () => { adjustments.riskEvents[event.code] = Number(select.value); update(); });
    return h('label.risk-event', pick(event.label), select, errorBox(`adjustments.riskEvents.${event.code}`));
  });

  const errors = h('div.form-errors', { role: 'alert', tabIndex: -1 });
  const save = h('button.btn.btn-primary.btn-lg', { type: 'submit', id: 'assessment-save' }, t('assessmentSaveDraft'));
  const form = h('form.api-form.assessment-form', { noValidate: true, id: 'assessment-form' },
    h('div.field', h('label.form-label', { for: reason.id }, t('assessmentReason')), reason, errorBox('reason')),
    h('div.field', h('label.form-label', { for: assessedOn.id }, t('assessedOn')), assessedOn, errorBox('assessedOn')),
    h('div.field', h('label.form-label', { for: 'assessor-0' }, t('assessmentAssessors')), assessors, errorBox('assessorIds')),
    sections,
    h('fieldset.assessment-adjustments', h('legend', t('assessmentAdjustments')),
      check('comatose'), check('dementia'), check('mentalDisorder'), errorBox('adjustments.comatose'),
      h('div.risk-events', h('div.form-label', t('assessmentRiskEvents')), riskSelects)),
    h('div.field', h('label.form-label', { for: note.id }, t('note')), note, errorBox('note')),
    errors, h('div.form-actions', save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    save.disabled = true;
    const body = {
      reason: reason.value || undefined, assessedOn: assessedOn.value || undefined,
      assessorIds: assessors.map((s) => s.value).filter(Boolean), answers, adjustments, note: note.value || undefined,
    };
    try {
      const saved = id ? await api('PATCH', `/assessments/${id}`, body) : await post(`/elders/${elder.id}/assessments`, body);
      toast(t('saved'), 'success');
      location.hash = `#/assessments/view/${saved.id}`;
    } catch (error) {
      showErrors(form, error);
    } finally {
      save.disabled = false;
    }
  });
  fill(view, heading(`${t('assessmentFormTitle')} · ${elder?.name || ''}`), h('div.assessment-layout', form, summary));
  update();
}

/** The report of one assessment, printable (the print stylesheet leaves out the navigation and buttons). */
export async function assessmentReport(view, ctx, id) {
  const [table, a] = await Promise.all([loadItems(), get(`/assessments/${id}`)]);
  const [elder, first, second] = await Promise.all([elderOf(a.elderId), staffOf(a.assessorIds[0]), staffOf(a.assessorIds[1])]);
  const actions = [];
  const act = (text, idName, run) => actions.push(h('button.btn.btn-outline-primary', { type: 'button', id: idName, onclick: async () => {
    try { await run(); toast(t('saved'), 'success'); await assessmentReport(view, ctx, id); } catch (error) { toast(messageOf(error), 'error'); }
  } }, text));
  if (ctx.can('assessment.write') && ['draft', 'returned'].includes(a.status)) {
    actions.push(h('a.btn.btn-outline-secondary', { href: `#/assessments/edit/${id}` }, t('edit')));
    act(t('assessmentSubmit'), 'assessment-submit', () => post(`/assessments/${id}/submit`));
  }
  if (ctx.can('assessment.approve') && a.status === 'submitted') {
    act(t('assessmentApprove'), 'assessment-approve', () => post(`/assessments/${id}/approve`));
    act(t('assessmentReturn'), 'assessment-return', () => {
      const reason = window.prompt(t('assessmentReturnNote'));
      return post(`/assessments/${id}/return`, { note: reason || undefined });
    });
  }
  actions.push(h('button.btn.btn-outline-secondary', { type: 'button', id: 'assessment-print', onclick: () => window.print() }, t('print')));
  const rows = table.domains.map((domain) => [
    h('tr.domain-row', h('th', { colSpan: 3 }, pick(domain.label)), h('th', `${a.scores[domain.code]} / ${domain.maxScore}`)),
    domain.items.map((item) => {
      const score = a.answers[item.id];
      const option = item.options.find((o) => o.score === score);
      return h('tr', h('td', { dataset: { label: t('item') } }, item.id), h('td', { dataset: { label: t('itemName') } }, pick(item.name)),
        h('td', { dataset: { label: t('assessmentAnswer') } }, option ? pick(option.label) : '—'), h('td', { dataset: { label: t('itemScore') } }, score ?? '—'));
    }),
  ]);
  const applied = a.scores.applied.map((code) => pick(table.adjustments.find((x) => x.code === code)?.label)).join('；');
  fill(view, heading(t('assessmentReportTitle'), ...actions),
    h('article.assessment-report', { id: 'assessment-report' },
      h('h2', `${t('assessmentReportTitle')} · ${table.standard}`),
      facts([
        [t('elderName'), elder?.name], [t('assessedOn'), a.assessedOn], [t('assessmentReason'), label('assessmentReason', a.reason)],
        [t('assessmentAssessors'), [first?.name, second?.name].filter(Boolean).join('、')], [t('status'), label('assessmentStatus', a.status)],
        [t('assessmentTotal'), `${a.scores.total} / ${table.maxTotal}`],
        [t('assessmentLevelByTotal'), a.scores.levelByTotal === null || a.scores.levelByTotal === undefined ? '—' : levelName(a.scores.levelByTotal)],
        [t('abilityLevel'), a.scores.level === null || a.scores.level === undefined ? t('assessmentIncomplete') : levelName(a.scores.level)],
        [t('assessmentApplied'), applied], [t('note'), a.note], [t('assessmentReturnNote'), a.returnNote], [t('assessmentDecidedBy'), a.decidedBy],
      ]),
      h('table.table.table-sm.report-table.data-table', h('thead', h('tr', [t('item'), t('itemName'), t('assessmentAnswer'), t('itemScore')].map((x) => h('th', x)))),
        h('tbody', rows)),
      h('div.signatures', h('span', `${t('assessorSignature')}：________`), h('span', `${t('assessorSignature')}：________`),
        h('span', `${t('informantSignature')}：________`))));
  return null;
}

