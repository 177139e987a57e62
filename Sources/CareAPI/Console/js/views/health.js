// The station's follow-up list (慢病随访提醒): active chronic conditions whose next follow-up
// is due within two weeks or overdue, the most overdue first, by elder name. Clicking a row
// opens the elder's record, where the follow-up is entered. Below it, the county's alert
// threshold defaults (editable at the county), after the risk reminders.
import { h, fill, dialog } from '../dom.js';
import { t, label } from '../i18n.js';
import { get } from '../api.js';
import { heading } from './common.js';
import { healthSection } from './healthrecord.js';
import { thresholdDefaults } from './thresholds.js';
import { riskList } from './risks.js';

export async function render(view, { can, me }) {
  const body = h('div', h('p.loading', t('loading')));
  fill(view, heading(t('screenHealth')), body, riskList({ open: (row) => open(row) }), thresholdDefaults({ can, county: me?.node?.role === 'county' }));
  const page = await get('/health/follow-ups/due');
  if (!page.items.length) {
    fill(body, h('p.empty', { id: 'no-follow-ups' }, t('noFollowUpsDue')));
    return null;
  }
  fill(body, h('table.table.table-striped.table-hover', { id: 'follow-up-due-table' },
    h('thead', h('tr', [t('name'), t('disease'), t('dueOn'), t('conditionStatus'), t('daysLate'), t('lastFollowUp'), t('community')].map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', page.items.map((row) => h('tr', { dataset: { state: row.state }, tabIndex: 0, onclick: () => open(row) },
      h('td', h('strong', row.elderName)), h('td', label('disease', row.disease)), h('td', row.dueOn),
      h('td', h(`span.badge.status.status-${row.state === 'overdue' ? 'danger' : 'warning'}`, t('dueState_' + row.state))),
      h('td', row.daysLate > 0 ? String(row.daysLate) : '—'), h('td', row.lastFollowUp || '—'), h('td', row.home))))));
  return null;

  function open(row) {
    const box = dialog(row.elderName, healthSection({ id: row.elderId, name: row.elderName }, { can }), { wide: true });
    box.el.id = 'health-dialog';
  }
}
