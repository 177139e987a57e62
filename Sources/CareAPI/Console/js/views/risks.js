// Risk reminders (慢病预测与提醒): the elders in the account's jurisdiction whose rules fired,
// the highest score first, each fired rule in words with its figure (RiskRules in CareModel).
import { h, fill } from '../dom.js';
import { t, pick } from '../i18n.js';
import { get } from '../api.js';

export function riskList({ open }) {
  const section = h('section.risk-list', { id: 'risk-list' }, h('h2', t('riskReminders')), h('p.loading', t('loading')));

  async function load() {
    const page = await get('/health/risks');
    if (!page.items.length) {
      fill(section, h('h2', t('riskReminders')), h('p.empty', { id: 'no-risks' }, t('noRisks')));
      return;
    }
    fill(section, h('h2', t('riskReminders')),
      h('table.table.table-striped.table-hover', { id: 'risk-table' },
        h('thead', h('tr', [t('name'), t('riskScore'), t('riskFindings'), t('community')].map((title) => h('th', { scope: 'col' }, title)))),
        h('tbody', page.items.map((row) => h('tr', { dataset: { elder: row.elderId, rising: String(row.rising) }, tabIndex: 0, onclick: () => open?.(row) },
          h('td', h('strong', row.elderName), row.rising ? h('span.badge.status.status-danger', ` ${t('risingRisk')}`) : ''),
          h('td', String(row.score)),
          h('td', h('ul.findings', row.findings.map((f) => h('li', { dataset: { rule: f.rule } }, pick({ zh: f.messageZh, en: f.message }))))),
          h('td', row.home))))));
  }

  load().catch((error) => fill(section, h('h2', t('riskReminders')), h('p.notice.notice-error', error.message)));
  return section;
}
