// Multi-party performance evaluation (绩效评价, Anhui §5.1.2.6): each organisation's quarter with
// the parties' scores, the county's weights, the total and its stars, and an organisation's
// trend over four quarters; the county's admin sets the weights, an organisation's admin
// records its self-assessment.
import { h, fill, toast, dialog } from '../dom.js';
import { t, label } from '../i18n.js';
import { get, post, put, query } from '../api.js';
import { apiForm, field, messageOf } from '../form.js';
import { heading, facts } from './common.js';

const parties = ['ratings', 'inspections', 'returnVisits', 'selfAssessment'];
const score = (value) => (value === null || value === undefined ? '—' : value.toFixed(1));
const stars = (n) => (n ? '★'.repeat(n) + '☆'.repeat(5 - n) : '—');

function currentQuarter(now = new Date()) {
  const china = new Date(now.getTime() + 8 * 3600 * 1000);
  return `${china.getUTCFullYear()}Q${Math.floor(china.getUTCMonth() / 3) + 1}`;
}

async function showOrganisation(id, quarter) {
  const box = dialog(t('performanceOf'), h('p.loading', t('loading')), { wide: true });
  try {
    const r = await get(`/organisations/${id}/performance` + query({ quarter }));
    const e = r.evaluation;
    fill(box.el.querySelector('.sheet-body'),
      h('h3', `${e.organisationName} · ${e.quarter}`),
      h('table.table.table-sm', { id: 'performance-parts' },
        h('thead', h('tr', h('th', t('performanceParty')), h('th', t('performanceScore')), h('th', t('performanceWeight')), h('th', t('performanceCount')))),
        h('tbody', e.parts.map((p) => h('tr', { dataset: { party: p.party } },
          h('td', label('performanceParty', p.party)), h('td', score(p.score)), h('td', `${p.weight}%`), h('td', String(p.count)))))),
      facts([[t('performanceTotal'), score(e.total)], [t('performanceStars'), stars(e.stars)]]),
      h('h4', t('performanceTrend')),
      h('ol#performance-trend', r.trend.map((p) => h('li', `${p.quarter}: ${score(p.total)} ${stars(p.stars)}`))),
      r.selfAssessments.length ? [h('h4', t('performanceSelf')), h('ul', r.selfAssessments.map((s) => h('li', `${s.score} · ${s.by} · ${s.note || ''}`)))] : null);
  } catch (error) { toast(messageOf(error), 'error'); }
}

function weightsForm(weights, onDone) {
  return h('section', { id: 'performance-weights' }, h('h2', t('performanceWeights')), apiForm({
    fields: [h('div.field-row', parties.map((p) => field({ path: p, title: label('performanceParty', p), type: 'number', min: 0, max: 100, value: weights[p], required: true })))],
    submitText: t('save'),
    submit: (values) => put('/performance/weights', values),
    onDone,
  }));
}

function selfForm(organisationId, quarter, onDone) {
  return h('section', { id: 'self-assessment' }, h('h2', t('performanceSelf')), apiForm({
    fields: [
      h('div.field-row', field({ path: 'quarter', title: t('performanceQuarter'), value: quarter, required: true }),
        field({ path: 'score', title: t('performanceScore'), type: 'number', min: 0, max: 100, required: true })),
      field({ path: 'note', title: t('note'), type: 'textarea' }),
    ],
    submitText: t('save'),
    submit: (values) => post(`/organisations/${organisationId}/self-assessments`, values),
    onDone,
  }));
}

export async function render(view, ctx) {
  const quarter = ctx.args?.[0] || currentQuarter();
  const [list, weights] = await Promise.all([get('/performance' + query({ quarter })), get('/performance/weights')]);
  const redraw = () => render(view, ctx);
  const pick = h('input.form-control', { id: 'performance-quarter', value: quarter, 'aria-label': t('performanceQuarter'),
    onchange: () => { location.hash = `#/performance/${pick.value.trim()}`; } });
  const own = ctx.me.account.organisationId;
  fill(view, heading(t('screenPerformance'), pick),
    h('p.muted', t('performanceRule', Object.fromEntries(parties.map((p) => [p, weights[p]])))),
    list.items.length ? h('table.table.table-sm.table-hover', { id: 'performance-table' },
      h('thead', h('tr', h('th', t('inspectionWho')), parties.map((p) => h('th', label('performanceParty', p))), h('th', t('performanceTotal')), h('th', t('performanceStars')))),
      h('tbody', list.items.map((e) => h('tr', { dataset: { id: e.organisationId }, onclick: () => showOrganisation(e.organisationId, quarter) },
        h('td', h('strong', e.organisationName)), e.parts.map((p) => h('td', score(p.score))), h('td', score(e.total)), h('td', stars(e.stars))))))
      : h('p.muted', t('none')),
    ctx.can('registry.write') && ctx.me.node.role === 'county' ? weightsForm(weights, () => { toast(t('saved'), 'success'); redraw(); }) : null,
    ctx.can('performance.self') && own ? selfForm(own, quarter, () => { toast(t('saved'), 'success'); redraw(); }) : null);
}
