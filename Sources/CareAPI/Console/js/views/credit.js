// Credit files (信用信息披露, Anhui §5.1.2.7): every organisation with its score, level and published
// status (the blacklist marked), the rule the scores follow, one organisation's file with each
// record and whether it still counts; at the county with credit.write, forms to enter a violation
// or an award, to uphold a closed complaint, and to lift a blacklisting with its reason.
import { h, fill, toast } from '../dom.js';
import { t, label } from '../i18n.js';
import { get, post } from '../api.js';
import { apiForm, field, messageOf } from '../form.js';
import { heading, badge, facts } from './common.js';

function ruleText(rule) {
  return t('creditRuleText', {
    base: rule.base, minor: rule.deductions.minor, general: rule.deductions.general, serious: rule.deductions.serious, grave: rule.deductions.grave,
    cap: rule.bonusCap, below: rule.blacklistBelow,
  });
}

function creditList(items, open) {
  if (!items.length) return h('p.muted', t('creditNone'));
  return h('table.table.table-sm', { id: 'credit-table' },
    h('thead', h('tr', h('th', t('creditOrganisation')), h('th', t('creditScore')), h('th', t('creditLevel')), h('th', t('creditStatus')),
      h('th', t('creditViolations')), h('th', t('creditAwards')), h('th', ''))),
    h('tbody', items.map((line) => h('tr', { dataset: { id: line.organisationId }, class: line.blacklisted ? 'blacklisted' : null },
      h('td', h('strong', line.name), h('div.muted', label('organisationType', line.type))),
      h('td.score', String(line.score)),
      h('td.level', label('creditLevel', line.level)),
      h('td.status', badge('creditStatus', line.creditStatus)),
      h('td', String(line.violations)), h('td', String(line.awards)),
      h('td', h('button.btn.btn-sm.btn-outline-primary.open-file', { type: 'button', onclick: () => open(line.organisationId) }, t('creditOpen')))))));
}

function recordItem(r) {
  const what = r.kind === 'violation' ? label('creditSeverity', r.severity) : r.kind === 'award' ? label('awardLevel', r.awardLevel) : '';
  return h('li', { dataset: { kind: r.kind }, class: r.counting || r.kind === 'lift' ? null : 'muted' },
    h('strong', label('creditRecordKind', r.kind)), what ? ` · ${what}` : '', r.points ? ` (${r.points > 0 ? '+' : ''}${r.points})` : '',
    ` · ${r.occurredOn} · ${label('creditSource', r.source)} · `, r.description,
    r.kind !== 'lift' ? h('span.muted', ` ${r.counting ? t('creditCountsThrough', { day: r.countsThrough }) : t('creditExpired')}`) : null);
}

async function showFile(slot, id, ctx, redraw) {
  const file = await get(`/credit/organisations/${id}`);
  const o = file.organisation;
  const writable = ctx.can('credit.write') && ctx.me.node.role === 'county';
  fill(slot,
    h('h3', o.name),
    facts([[t('creditScore'), String(o.score)], [t('creditLevel'), label('creditLevel', o.level)], [t('creditStatus'), label('creditStatus', o.creditStatus)],
      [t('creditDeducted'), String(o.deducted)], [t('creditAdded'), String(o.added)]]),
    file.records.length ? h('ul', { id: 'credit-records' }, file.records.map(recordItem)) : h('p.muted', t('creditNoRecords')),
    writable && o.blacklisted ? h('div', { id: 'credit-lift' }, h('h4', t('creditLift')), apiForm({
      fields: [field({ path: 'reason', title: t('creditLiftReason'), type: 'textarea', required: true })],
      submitText: t('creditLift'),
      submit: (values) => post(`/credit/organisations/${id}/lift`, values),
      onDone: () => { toast(t('saved'), 'success'); redraw(id); },
    })) : null,
    writable ? h('div', { id: 'credit-entry' }, h('h4', t('creditEnter')), apiForm({
      fields: [
        field({ path: 'kind', title: t('creditKind'), type: 'select', required: true,
          options: [{ value: 'violation', text: label('creditRecordKind', 'violation') }, { value: 'award', text: label('creditRecordKind', 'award') }] }),
        h('div.field-row', field({ path: 'severity', title: t('creditSeverity'), table: 'creditSeverity' }), field({ path: 'awardLevel', title: t('creditAwardLevel'), table: 'awardLevel' })),
        field({ path: 'sourceId', title: t('creditComplaint'), hint: t('creditComplaintHint') }),
        field({ path: 'occurredOn', title: t('creditOccurredOn'), type: 'date' }),
        field({ path: 'description', title: t('creditDescription'), type: 'textarea', required: true }),
      ],
      submitText: t('save'),
      submit: (values) => post('/credit/records', { ...values, organisationId: id, ...(values.sourceId ? { source: 'complaint' } : {}) }),
      onDone: (answer) => {
        toast(answer && answer.file && answer.file.organisation.blacklisted ? t('creditNowBlacklisted') : t('saved'), 'success');
        redraw(id);
      },
    })) : null);
}

export async function render(view, ctx, openId) {
  const list = await get('/credit');
  const slot = h('div', { id: 'credit-file' });
  const redraw = (id) => render(view, ctx, id);
  const open = (id) => showFile(slot, id, ctx, redraw).catch((e) => fill(slot, h('p.notice.notice-error', messageOf(e))));
  const blacklist = list.items.filter((line) => line.blacklisted);
  fill(view, heading(t('screenCredit')),
    h('p.muted', { id: 'credit-rule' }, ruleText(list.rule)),
    h('section', { id: 'credit-blacklist' }, h('h2', t('creditBlacklist')),
      blacklist.length ? h('ul', blacklist.map((line) => h('li', line.name, ` · ${line.score}`))) : h('p.muted', t('none'))),
    h('section', { id: 'credit-list' }, h('h2', t('creditList')), creditList(list.items, open)),
    h('section', slot));
  if (openId) await open(openId);
  else if (list.items.length === 1) await open(list.items[0].organisationId);
}
