// Public submissions (公众诉求, Anhui §5.1.2.3): what families filed at the county without an
// account, for the dispatch room, a street's window or a station. A service request becomes a
// service order for the registered elder picked here; a complaint enters the complaint
// lifecycle; each is then answered with what the family reads by its tracking number.
import { h, fill, toast } from '../dom.js';
import { t, label } from '../i18n.js';
import { get, post, query } from '../api.js';
import { messageOf } from '../form.js';
import { heading, facts, badge, elderFinder } from './common.js';

function when(date) { return date ? new Date(date).toLocaleString() : ''; }

function actions(s, ctx, redraw) {
  if (!ctx.can('public.handle') || s.status === 'answered') return null;
  const note = h('p.notice', { hidden: true });
  const fail = (error) => { note.hidden = false; note.className = 'notice notice-error'; note.textContent = messageOf(error); };
  const parts = [];
  if (s.status === 'received' && s.kind === 'service') {
    parts.push(h('div.take', h('p', t('publicTakeService')), elderFinder(async (elder) => {
      try { await post(`/public-submissions/${s.id}/take`, { elderId: elder.id }); toast(t('publicTaken'), 'success'); redraw(); } catch (error) { fail(error); }
    }, { community: s.home })));
  }
  if (s.status === 'received' && s.kind === 'complaint') {
    const organisation = h('input.form-control', { id: `organisation-${s.id}`, placeholder: t('publicOrganisationId'), value: s.organisationId || '', disabled: Boolean(s.organisationId) });
    parts.push(h('div.take', h('label.form-label', { for: `organisation-${s.id}` }, t('publicOrganisationId')), organisation,
      h('button.btn.btn-sm.btn-primary.take-complaint', { type: 'button', onclick: async () => {
        try {
          await post(`/public-submissions/${s.id}/take`, s.organisationId ? {} : { organisationId: organisation.value.trim() });
          toast(t('publicTaken'), 'success'); redraw();
        } catch (error) { fail(error); }
      } }, t('publicTakeComplaint'))));
  }
  if (s.status === 'taken' || s.kind === 'suggestion') {
    const answer = h('textarea.form-control', { id: `answer-${s.id}`, rows: 3 });
    parts.push(h('div.answer', h('label.form-label', { for: `answer-${s.id}` }, t('publicAnswer')), answer,
      h('div.form-text', t('publicAnswerHint')),
      h('button.btn.btn-sm.btn-primary.answer-submission', { type: 'button', onclick: async () => {
        try { await post(`/public-submissions/${s.id}/answer`, { answer: answer.value }); toast(t('saved'), 'success'); redraw(); } catch (error) { fail(error); }
      } }, t('publicAnswerSend'))));
  }
  return h('div.submission-actions', parts, note);
}

function card(s, ctx, redraw) {
  return h('article.submission', { dataset: { id: s.id, tracking: s.tracking } },
    h('h3', label('publicSubmissionKind', s.kind), ' ', h('code', s.tracking), ' ', badge('publicSubmissionStatus', s.status)),
    facts([
      [t('publicCommunity'), s.home], [t('publicName'), s.name], [t('publicPhone'), s.contactPhone], [t('publicAddress'), s.address],
      [t('publicCategory'), s.category ? label('serviceCategory', s.category) : null], [t('publicSubmittedAt'), when(s.submittedAt)],
      [t('publicTakenAs'), s.takenTarget ? `${label('publicSubmissionTarget', s.takenTarget) || s.takenTarget} ${s.takenRecordId} · ${s.takenBy}` : null],
      [t('publicAnswer'), s.answer ? `${s.answer} · ${s.answeredBy}` : null],
    ]),
    h('p.submission-description', s.description),
    actions(s, ctx, redraw));
}

export async function render(view, ctx, status = 'received') {
  const redraw = () => render(view, ctx, status);
  const pick = h('select.form-select', { id: 'submission-status', 'aria-label': t('publicStatus') },
    ['received', 'taken', 'answered', ''].map((code) => h('option', { value: code, selected: code === status }, code ? label('publicSubmissionStatus', code) : t('publicAll'))));
  pick.addEventListener('change', () => render(view, ctx, pick.value));
  const list = await get(`/public-submissions${query(status ? { status } : {})}`);
  fill(view, heading(t('screenPublic'), pick),
    h('section', { id: 'submission-list' }, list.items.length ? list.items.map((s) => card(s, ctx, redraw)) : h('p.muted', t('publicNone'))));
}
