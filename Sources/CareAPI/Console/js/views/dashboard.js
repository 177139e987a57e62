// The dashboard (统计分析): the §6.2 figures (satisfaction, complaint rate, completion rate,
// timeliness) by street, by organisation and by month, alerts by kind and orders by
// category, drawn with Chart.js, each with its numbers in a table beside it.
import { h, fill } from '../dom.js';
import { t, label, codes } from '../i18n.js';
import { get, query } from '../api.js';
import { percent, number } from '../format.js';
import { chart as loadChart, missingNotice } from '../libs.js';
import { heading } from './common.js';
import { resolve, nameNow } from '../names.js';

export async function render(view, { me }) {
  const Chart = await loadChart();
  const charts = [];
  // The figures take several requests: say so until they are drawn.
  const grid = h('div.chart-grid', h('p.loading', t('loading')));
  fill(view, heading(t('screenDashboard')), Chart ? null : missingNotice('chart.js'), h('p.muted', t('dashboardPeriod')), grid);

  function panel(id, title, rows, columns, chartSpec) {
    const canvas = h('canvas', { id, role: 'img', 'aria-label': title });
    const table = h('table.table.table-sm.figures', h('thead', h('tr', columns.map((c) => h('th', { scope: 'col' }, c.title)))),
      h('tbody', rows.length ? rows.map((row) => h('tr', columns.map((c) => h('td', c.cell(row))))) : h('tr', h('td', { colSpan: columns.length }, t('nothingHere')))));
    grid.append(h('section.panel.chart-panel', { dataset: { chart: id } }, h('h2', title), Chart ? h('div.chart-box', canvas) : null, h('details', h('summary', t('showNumbers')), h('div.table-scroll', table))));
    if (Chart && rows.length) charts.push(new Chart(canvas, { ...chartSpec, options: { responsive: true, maintainAspectRatio: false, animation: false, ...(chartSpec.options || {}) } }));
  }

  const qualityColumns = (groupTitle, name) => [
    { title: groupTitle, cell: name }, { title: t('orders'), cell: (g) => g.orders }, { title: t('completionRate'), cell: (g) => percent(g.completionRate) },
    { title: t('meanStars'), cell: (g) => number(g.meanStars, 2) }, { title: t('complaintRate'), cell: (g) => percent(g.complaintRate) },
    { title: t('onTimeRate'), cell: (g) => percent(g.onTimeArrivalRate) }, { title: t('dispatchMinutes'), cell: (g) => number(g.meanDispatchMinutes, 1) },
  ];
  const rateBars = (groups, name) => ({
    type: 'bar',
    data: { labels: groups.map(name), datasets: [
      { label: t('completionRate'), data: groups.map((g) => g.completionRate) },
      { label: t('satisfiedShare'), data: groups.map((g) => g.satisfiedShare) },
      { label: t('complaintRate'), data: groups.map((g) => g.complaintRate) },
      { label: t('onTimeRate'), data: groups.map((g) => g.onTimeArrivalRate) }] },
    options: { scales: { y: { min: 0, max: 1, ticks: { format: { style: 'percent' } } } } },
  });

  const grouping = me.node.role === 'county' ? 'street' : 'organisation';
  const months = lastMonths(6);
  const [byArea, byOrganisation, monthly, alerts, categoryCounts] = await Promise.all([
    me.node.role === 'community' ? null : get('/stats/service-quality' + query({ groupBy: grouping === 'street' ? 'street' : 'organisation' })),
    get('/stats/service-quality' + query({ groupBy: 'organisation' })),
    Promise.all(months.map((m) => get('/stats/service-quality' + query({ from: m.from, to: m.to, groupBy: 'county' })).then((answer) => ({ ...m, figures: total(answer.groups) })))),
    get('/stats/alerts'),
    Promise.all(codes('serviceCategory').map((entry) => get('/orders' + query({ category: entry.code, limit: 1 })).then((page) => ({ code: entry.code, count: page.total ?? page.items.length, capped: Boolean(page.totalCapped) })))),
  ]);
  // Orders no organisation took yet are grouped as "unassigned", not under an id.
  const isId = (group) => /^[0-9a-f-]{36}$/i.test(group);
  grid.replaceChildren();
  await resolve(byOrganisation.groups.filter((g) => isId(g.group)).map((g) => ({ organisationId: g.group })), { organisationId: 'organisations' });
  const orgName = (g) => (isId(g.group) ? nameNow('organisations', g.group) : t('group_' + g.group));

  if (byArea && grouping === 'street') panel('chart-streets', t('qualityByStreet'), byArea.groups, qualityColumns(t('street'), (g) => g.group), rateBars(byArea.groups, (g) => g.group));
  panel('chart-organisations', t('qualityByOrganisation'), byOrganisation.groups, qualityColumns(t('organisation'), orgName), rateBars(byOrganisation.groups, orgName));
  panel('chart-months', t('qualityByMonth'), monthly, [
    { title: t('month'), cell: (m) => m.label }, { title: t('orders'), cell: (m) => m.figures.orders }, { title: t('completed'), cell: (m) => m.figures.completed },
    { title: t('complaints'), cell: (m) => m.figures.complaints }, { title: t('ratings'), cell: (m) => m.figures.ratings }],
  { type: 'line', data: { labels: monthly.map((m) => m.label), datasets: [
    { label: t('orders'), data: monthly.map((m) => m.figures.orders) }, { label: t('completed'), data: monthly.map((m) => m.figures.completed) },
    { label: t('complaints'), data: monthly.map((m) => m.figures.complaints) }] } });

  const alertRows = alerts.conditions.map((c) => ({ key: c.condition, count: c.count, critical: c.critical }));
  panel('chart-alerts', t('alertsByKind'), alertRows, [{ title: t('alert'), cell: (r) => r.key }, { title: t('count'), cell: (r) => r.count }, { title: t('critical'), cell: (r) => r.critical }],
    { type: 'bar', data: { labels: alertRows.map((r) => r.key), datasets: [{ label: t('count'), data: alertRows.map((r) => r.count) }] }, options: { indexAxis: 'y' } });

  const categories = categoryCounts.filter((c) => c.count > 0);
  panel('chart-categories', t('ordersByCategory'), categories, [{ title: t('category'), cell: (c) => label('serviceCategory', c.code) }, { title: t('count'), cell: (c) => (c.capped ? `${c.count}+` : c.count) }],
    { type: 'doughnut', data: { labels: categories.map((c) => label('serviceCategory', c.code)), datasets: [{ data: categories.map((c) => c.count) }] } });

  return () => charts.forEach((c) => c.destroy());
}

/** The figures of several groups added together (for a month over the whole area). */
function total(groups) {
  return groups.reduce((sum, g) => ({ orders: sum.orders + g.orders, completed: sum.completed + g.completed, complaints: sum.complaints + g.complaints, ratings: sum.ratings + g.ratings }),
    { orders: 0, completed: 0, complaints: 0, ratings: 0 });
}

/** The last n calendar months in China Standard Time, oldest first, as from/to dates. */
function lastMonths(n) {
  const now = new Date(Date.now() + 8 * 3600 * 1000);
  const result = [];
  for (let i = n - 1; i >= 0; i--) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i + 1, 1));
    const day = (d) => d.toISOString().slice(0, 10);
    const to = end.getTime() > Date.now() + 8 * 3600 * 1000 ? undefined : day(end);
    result.push({ label: day(start).slice(0, 7), from: day(start), to });
  }
  return result;
}
