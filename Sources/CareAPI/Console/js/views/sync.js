// Sync health (同步状态) per link: state, last contact, the failure while failing, and the
// changes waiting each way, with the backlog over the time this screen has been open.
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { dateTime, number } from '../format.js';
import { heading, every } from './common.js';
import { chart as loadChart, missingNotice } from '../libs.js';

const history = new Map();

export async function render(view) {
  const links = h('div.table-scroll');
  const clock = h('p', { id: 'clock-health' });
  const canvas = h('canvas', { id: 'backlog-chart', 'aria-label': t('backlogOverTime'), role: 'img' });
  const Chart = await loadChart();
  let chart = null;

  async function draw() {
    const status = await get('/sync/status');
    const now = Date.now();
    for (const link of status.links) {
      const series = history.get(link.peer) || [];
      series.push({ x: now, y: link.waitingToSend ?? 0 });
      if (series.length > 360) series.shift();
      history.set(link.peer, series);
    }
    clock.textContent = status.clock?.warning ? `${t('clockWarning')}: ${status.clock.warning}` : t('clockOk');
    clock.className = status.clock?.warning ? 'notice notice-warning' : 'muted';
    fill(links, h('table.table.data-table', { id: 'sync-table' },
      h('thead', h('tr', [t('peer'), t('relation'), t('linkState'), t('lastContact'), t('waitingToSend'), t('oldestWaiting'), t('sent'), t('received'), t('lastError')].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', status.links.length ? status.links.map((link) => h('tr', { dataset: { peer: link.peer, state: link.state } },
        h('th', { scope: 'row' }, link.peer), h('td', t('relation_' + link.relation)),
        h('td', h(`span.badge.status.status-${{ idle: 'success', draining: 'info', retrying: 'danger', refused: 'danger', silent: 'warning' }[link.state] || 'secondary'}`, t('link_' + link.state))),
        h('td', dateTime(link.lastContact)), h('td', link.waitingToSend ?? '—'),
        h('td', link.oldestWaitingSeconds === null || link.oldestWaitingSeconds === undefined ? '—' : `${number(link.oldestWaitingSeconds, 0)} s`),
        h('td', number(link.changesSent)), h('td', number(link.changesReceived)),
        h('td', link.lastError ? [h('div', link.lastErrorKind || ''), h('div.muted', link.lastError), link.failingSince ? h('div.muted', `${t('failingSince')} ${dateTime(link.failingSince)}`) : null] : '—')))
        : h('tr', h('td', { colSpan: 9 }, t('noLinks'))))));
    if (Chart) {
      const datasets = [...history.entries()].map(([peer, series]) => ({ label: peer, data: series.map((p) => p.y) }));
      const labels = (history.values().next().value || []).map((p) => new Date(p.x).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }));
      if (!chart) chart = new Chart(canvas, { type: 'line', data: { labels, datasets }, options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { min: 0, ticks: { precision: 0 } } } } });
      else { chart.data.labels = labels; chart.data.datasets = datasets; chart.update(); }
    }
  }

  fill(view, heading(t('screenSync')), clock, h('section.panel', links),
    h('section.panel', h('h2', t('backlogOverTime')), Chart ? h('div.chart-box', canvas) : missingNotice('chart.js')));
  await draw();
  const stop = every(5000, draw);
  return () => { stop(); chart?.destroy(); };
}
