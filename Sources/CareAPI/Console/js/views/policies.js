// Policies and service guides (政策指南, Anhui §5.1.2.2): what the county publishes, read at every
// node with its PDFs (sent down by the blob loop); at the county with policy.write, a form to
// publish one with PDF uploads, and to edit or withdraw it.
import { h, fill, toast } from '../dom.js';
import { t, label } from '../i18n.js';
import { get, post, put, query } from '../api.js';
import { apiForm, field, messageOf } from '../form.js';
import { heading, facts } from './common.js';

function attachmentList(p) {
  if (!p.attachments.length) return null;
  return h('ul.attachments', p.attachments.map((a) => h('li',
    a.held ? h('a', { href: a.href, target: '_blank', rel: 'noopener' }, a.name) : [a.name, ' ', h('span.muted', t('policyNotHeld'))])));
}

function policyList(items, open) {
  if (!items.length) return h('p.muted', t('policyNone'));
  return h('table.table.table-sm', { id: 'policy-table' },
    h('thead', h('tr', h('th', t('policyTitle')), h('th', t('policyKind')), h('th', t('policyEffective')), h('th', ''))),
    h('tbody', items.map((p) => h('tr', { dataset: { id: p.id } },
      h('td', h('strong', p.title), p.withdrawn ? h('span.badge.status.status-secondary', ' ', t('policyWithdrawn')) : null),
      h('td', label('policyKind', p.kind)),
      h('td', `${p.effectiveFrom} – ${p.effectiveTo || t('policyOpenEnded')}`, p.inEffect ? null : h('span.muted', ` ${t('policyNotInEffect')}`)),
      h('td', h('button.btn.btn-sm.btn-outline-primary.read-policy', { type: 'button', onclick: () => open(p) }, t('policyRead')))))));
}

function policyForm(current, onDone) {
  const files = h('input.form-control', { type: 'file', id: 'policy-files', multiple: true, accept: 'application/pdf' });
  return h('div', { id: 'policy-form' }, h('h3', current ? t('policyEdit') : t('policyNew')), apiForm({
    fields: [
      field({ path: 'kind', title: t('policyKind'), table: 'policyKind', required: true, value: current?.kind }),
      field({ path: 'title', title: t('policyTitle'), required: true, value: current?.title }),
      field({ path: 'body', title: t('policyBody'), type: 'textarea', required: true, value: current?.body }),
      h('div.field-row', field({ path: 'effectiveFrom', title: t('policyFrom'), type: 'date', required: true, value: current?.effectiveFrom }),
        field({ path: 'effectiveTo', title: t('policyTo'), type: 'date', value: current?.effectiveTo })),
      h('div.field', h('label.form-label', { for: 'policy-files' }, t('policyAttachments')), files, h('div.form-text', t('policyAttachmentsHint'))),
      current ? field({ path: 'withdrawn', title: t('policyWithdrawn'), type: 'checkbox', value: current.withdrawn }) : null,
    ].filter(Boolean),
    submitText: t('save'),
    submit: async (values) => {
      const attachments = current ? current.attachments.map(({ sha256, name }) => ({ sha256, name })) : [];
      for (const file of files.files || []) {
        if (file.type !== 'application/pdf') throw new Error(t('policyWrongFile', { name: file.name }));
        attachments.push({ sha256: (await post('/blobs', file)).sha256, name: file.name });
      }
      const body = { ...values, attachments };
      return current ? put(`/policies/${current.id}`, body, { headers: { 'if-match': current.version } }) : post('/policies', body);
    },
    onDone: () => { toast(t('saved'), 'success'); onDone(); },
  }));
}

export async function render(view, ctx) {
  const authoring = ctx.can('policy.write') && ctx.me.node.role === 'county';
  const list = await get(`/policies${query(authoring ? { withdrawn: true } : {})}`);
  const slot = h('div', { id: 'policy-read' });
  const redraw = () => render(view, ctx);
  const open = (p) => {
    try {
      fill(slot, h('article', { id: 'policy-article' }, h('h3', p.title),
        facts([[t('policyKind'), label('policyKind', p.kind)], [t('policyEffective'), `${p.effectiveFrom} – ${p.effectiveTo || t('policyOpenEnded')}`], [t('policyPublishedBy'), p.publishedBy]]),
        h('div.policy-body', p.body.split('\n').map((line) => h('p', line))),
        attachmentList(p)),
      authoring ? policyForm(p, redraw) : null);
    } catch (error) { fill(slot, h('p.notice.notice-error', messageOf(error))); }
  };
  fill(view, heading(t('screenPolicies')),
    h('section', { id: 'policy-list' }, policyList(list.items, open)),
    slot,
    authoring ? h('section', policyForm(null, redraw)) : null);
}
