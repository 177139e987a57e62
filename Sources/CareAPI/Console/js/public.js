// The families' page of the public channel (公众服务, Anhui §5.1.2.3), at /console/public.html
// on the county node, without sign-in: organisations by community, the request form (answered
// with a tracking number) and the lookup by that number. Text from the API is set as text only.
import { h, fill } from './dom.js';

const categories = [
  ['meals', '助餐 Meals'], ['bathing', '助浴 Bathing'], ['cleaning', '助洁 Cleaning'], ['dayCare', '日间照料 Day care'],
  ['homeCare', '居家照护 Home care'], ['healthCheck', '健康检查 Health check'], ['rehabilitation', '康复 Rehabilitation'],
  ['medicalEscort', '陪诊 Medical escort'], ['companionship', '陪伴 Companionship'], ['errands', '代办 Errands'],
  ['psychological', '心理慰藉 Psychological support'], ['emergencyResponse', '紧急援助 Emergency response'],
];
const statuses = { received: '已受理 Received', taken: '办理中 Being handled', answered: '已答复 Answered' };

async function call(method, path, body) {
  const response = await fetch(`/api/v1/public${path}`, {
    method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = answer.error || {};
    const fields = (error.fields || []).map((f) => `${f.field}: ${f.messageZh || ''} ${f.message || ''}`);
    const text = response.status === 404 && path.startsWith('/organisations')
      ? '公众服务仅在县级节点提供 Public services are at the county node only'
      : [error.messageZh, error.message, ...fields].filter(Boolean).join('\n');
    throw new Error(text || `HTTP ${response.status}`);
  }
  return answer;
}

const notice = (text, kind = 'info') => h(`p.notice.notice-${kind}`, text);

async function showOrganisations(community) {
  const list = document.getElementById('organisation-list');
  try {
    const answer = await call('GET', `/organisations${community ? `?community=${encodeURIComponent(community)}` : ''}`);
    const select = document.getElementById('request-organisation');
    fill(select, h('option', { value: '' }, '—'), answer.items.map((o) => h('option', { value: o.id }, o.name)));
    fill(list, answer.items.length ? h('table.table.table-sm', { id: 'organisation-table' },
      h('thead', h('tr', h('th', '名称 Name'), h('th', '服务 Services'), h('th', '地址 Address'), h('th', '电话 Phone'))),
      h('tbody', answer.items.map((o) => h('tr', { dataset: { id: o.id } },
        h('td', o.name), h('td', o.categoryLabels.map((l) => l.zh).join('、')), h('td', o.address), h('td', o.phone || '')))))
      : notice('暂无服务组织 No organisations found'));
  } catch (error) { fill(list, notice(error.message, 'error')); }
}

function formBody(form) {
  const body = {};
  for (const [key, value] of new FormData(form).entries()) if (String(value).trim() !== '') body[key] = String(value).trim();
  return body;
}

function start() {
  fill(document.getElementById('request-category'), h('option', { value: '' }, '—'), categories.map(([code, text]) => h('option', { value: code }, text)));
  document.getElementById('organisation-search').addEventListener('submit', (event) => {
    event.preventDefault();
    showOrganisations(document.getElementById('organisation-community').value.trim());
  });
  document.getElementById('request-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = document.getElementById('request-result');
    try {
      const answer = await call('POST', '/requests', formBody(event.target));
      fill(result, notice(`已提交，请记下查询编号 Filed; keep your tracking number: ${answer.tracking}`, 'success'));
      document.getElementById('tracking-number').value = answer.tracking;
      event.target.reset();
    } catch (error) { fill(result, notice(error.message, 'error')); }
  });
  document.getElementById('tracking-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = document.getElementById('tracking-result');
    try {
      const s = await call('GET', `/requests/${encodeURIComponent(document.getElementById('tracking-number').value.trim())}`);
      fill(result, h('dl.facts', { id: 'tracking-facts' },
        h('dt', '类型 Kind'), h('dd', `${s.kindLabel.zh} ${s.kindLabel.en}`),
        h('dt', '状态 Status'), h('dd', { dataset: { status: s.status } }, statuses[s.status] || s.status),
        h('dt', '提交时间 Filed'), h('dd', new Date(s.submittedAt).toLocaleString()),
        s.answer ? [h('dt', '答复 Answer'), h('dd', s.answer)] : null));
    } catch (error) { fill(result, notice(error.message, 'error')); }
  });
  showOrganisations('');
}

start();
