extension ConsolePage {
    /// Sign-in, tabs, paging and rendering; API data enters the page through textContent only.
    static let script: String = """
<script>
'use strict';
(function () {
  const TOKEN = 'carenode.token';
  const $ = function (id) { return document.getElementById(id); };

  // Builds an element. Children that are strings become text nodes: API data is never parsed as markup.
  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      const value = props[key];
      if (key === 'class') node.className = value;
      else if (key.indexOf('on') === 0) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    });
    [].concat(children === undefined ? [] : children).flat(Infinity).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return node;
  }
  function shortId(id) { return id ? el('span', { class: 'small', title: id }, String(id).slice(0, 8)) : '—'; }
  function bi(zh, en) { return [zh, el('span', { class: 'en' }, en)]; }
  function coded(table, code) { return code == null ? '' : [table[code] || String(code), el('span', { class: 'en' }, String(code))]; }
  function when(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d.getTime()) ? String(iso) : d.toLocaleString('zh-CN', { hour12: false });
  }

  const LIVING = { alone: '独居', emptyNest: '空巢', withFamily: '与家人同住', inCare: '机构照护' };
  const ABILITY = ['能力完好', '轻度受损', '中度受损', '重度受损', '完全丧失'];
  const STATUS = { requested: '待派单', dispatched: '已派单', accepted: '已接单', checkedIn: '服务中', completed: '已完成',
    rated: '已评价', returnVisited: '已回访', closed: '已关闭', cancelled: '已取消' };
  const EVENT = { dispatch: '派单', refuse: '拒单', accept: '接单', checkIn: '签到', complete: '完成服务', rate: '评价',
    returnVisit: '回访', close: '关闭', cancel: '取消' };
  const CREDIT = { good: '信用良好', warning: '警示', blacklisted: '失信黑名单' };
  const CATEGORY = { meals: '助餐', bathing: '助浴', cleaning: '助洁', dayCare: '日间照料', homeCare: '居家照护', healthCheck: '健康体检',
    rehabilitation: '康复护理', medicalEscort: '助医陪诊', companionship: '精神慰藉', errands: '代办服务', psychological: '心理疏导',
    emergencyResponse: '紧急救援' };
  const CHANNEL = { phone: '电话', window: '服务窗口', app: '移动端', deviceCall: '设备呼叫', proactiveCare: '主动关怀', web: '网站' };
  const ORG_TYPE = { institution: '养老机构', homeCareCenter: '居家养老服务中心', dayCareCenter: '日间照料中心', station: '社区养老服务站',
    thirdParty: '第三方服务组织', medical: '医疗机构' };
  const DEVICE_TYPE = { healthCheck: '健康体检设备', sleepMonitor: '睡眠监测设备', callTerminal: '呼叫终端', smartHome: '智能家居设备',
    faceRecognition: '人脸识别设备' };
  const DEVICE_STATUS = { active: '在用', inactive: '停用', maintenance: '维修中', retired: '已报废' };
  const GENDER = { male: '男', female: '女' };
  const COUNTS = [['elders', '老人档案', 'Elders'], ['devices', '设备', 'Devices'], ['organisations', '服务组织', 'Organisations'],
    ['staff', '服务人员', 'Staff'], ['orders', '服务工单', 'Orders'], ['orderEvents', '工单事件', 'Order events'],
    ['evaluations', '服务评价', 'Evaluations'], ['conflicts', '数据冲突', 'Conflicts'], ['changeLog', '变更日志', 'Change log']];

  // ---- the API: bearer token on every call, errors as exceptions with the server's message ----
  function ApiError(status, message, fields) { this.status = status; this.message = message; this.fields = fields || []; }

  async function api(method, path, body) {
    const token = sessionStorage.getItem(TOKEN);
    const headers = { accept: 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, { method: method, headers: headers, cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, '无法连接本节点 Cannot reach the node: ' + e.message);
    }
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (response.status === 401 && token) {
      signOut(new ApiError(401, '登录已失效，请重新登录 Your session has ended: please sign in again. ' +
        (data && data.error ? data.error.message : '')));
      throw new ApiError(401, 'signed out', null);
    }
    if (!response.ok) {
      const error = (data && data.error) || {};
      throw new ApiError(response.status, error.message || ('HTTP ' + response.status + ' ' + (text || '').slice(0, 200)), error.fields);
    }
    return data;
  }
  function query(params) {
    return Object.keys(params).filter(function (k) { return params[k] !== '' && params[k] != null; })
      .map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(params[k]); }).join('&');
  }

  // ---- the banner: every error is shown, with the per-field messages ----
  function showError(e) {
    if (e && e.message === 'signed out' && e.status === 401) return;
    const banner = $('banner');
    const status = e && e.status ? e.status + ' ' : '';
    banner.replaceChildren(
      el('button', { type: 'button', class: 'secondary close', onclick: hideBanner }, bi('关闭', 'Dismiss')),
      el('div', {}, '错误 Error ' + status + '— ' + (e && e.message ? e.message : String(e))));
    if (e && e.fields && e.fields.length) {
      banner.append(el('ul', {}, e.fields.map(function (f) {
        return el('li', {}, [el('b', {}, String(f.field) + '：'), f.messageZh || '', el('span', { class: 'en' }, f.message || '')]);
      })));
    }
    banner.hidden = false;
  }
  function hideBanner() { $('banner').hidden = true; $('banner').replaceChildren(); }
  window.addEventListener('unhandledrejection', function (ev) { showError(ev.reason); });

  // ---- signing in and out ----
  let current = null;
  let syncTimer = null;
  let generation = 0;

  function signOut(reason) {
    if (syncTimer) { clearInterval(syncTimer); syncTimer = null; }
    generation++;
    sessionStorage.removeItem(TOKEN);
    ['panel', 'tiles', 'tabs', 'node-name', 'node-tier', 'node-code', 'node-parent'].forEach(function (id) { $(id).replaceChildren(); });
    $('app').hidden = true;
    $('login').hidden = false;
    if (reason) showError(reason); else hideBanner();
    $('login-name').focus();
  }

  $('login-form').addEventListener('submit', async function (ev) {
    ev.preventDefault();
    hideBanner();
    sessionStorage.removeItem(TOKEN);
    const button = ev.target.querySelector('button');
    button.disabled = true;
    try {
      const session = await api('POST', '/api/v1/session', { name: $('login-name').value.trim(), password: $('login-password').value });
      sessionStorage.setItem(TOKEN, session.token);
      $('login-password').value = '';
      await start();
    } catch (e) {
      showError(e);
    } finally {
      button.disabled = false;
    }
  });
  $('logout').addEventListener('click', function () { signOut(null); });
  $('refresh').addEventListener('click', function () { loadNode().catch(showError); if (current) selectTab(current); });

  async function start() {
    $('login').hidden = true;
    $('app').hidden = false;
    $('tabs').replaceChildren.apply($('tabs'), TABS.map(function (tab) {
      return el('button', { type: 'button', role: 'tab', id: 'tab-' + tab.id, 'aria-selected': 'false',
        onclick: function () { selectTab(tab.id); } }, bi(tab.zh, tab.en));
    }));
    selectTab(current || 'elders');
    await loadNode();
  }

  async function loadNode() {
    const node = await api('GET', '/api/v1/node');
    $('node-name').textContent = node.name;
    $('node-tier').replaceChildren.apply($('node-tier'), bi(node.roleLabel.zh, node.roleLabel.en));
    $('node-code').replaceChildren.apply($('node-code'), bi('代码 ' + node.code, 'v' + node.softwareVersion));
    $('node-parent').textContent = node.parent ? '上级 ' + node.parent : '';
    document.title = node.name + ' — 节点控制台';
    $('tiles').replaceChildren.apply($('tiles'), COUNTS.map(function (c) {
      return el('div', { class: 'tile' }, [el('b', {}, String(node.counts[c[0]] == null ? '—' : node.counts[c[0]])), bi(c[1], c[2])]);
    }));
  }

  // ---- the tabs ----
  function contacts(list) {
    return (list || []).map(function (c) {
      return el('div', {}, [c.name + '（' + (c.relation || '') + '）' + (c.phone || ''), c.holdsKey ? el('span', { class: 'ok' }, ' 有钥匙') : null]);
    });
  }
  function credit(code) {
    return el('span', { class: code === 'good' ? 'ok' : code === 'warning' ? 'warn' : 'bad' }, coded(CREDIT, code));
  }
  const TABS = [
    { id: 'elders', zh: '老人档案', en: 'Elders', path: '/api/v1/elders',
      filters: [{ name: 'q', zh: '姓名', en: 'Name' }, { name: 'livingSituation', zh: '居住状况', en: 'Living', options: LIVING },
        { name: 'community', zh: '社区代码', en: 'Community code' }],
      columns: [['姓名', 'Name', function (e) { return e.name; }],
        ['性别', 'Gender', function (e) { return coded(GENDER, e.gender); }],
        ['出生日期', 'Born', function (e) { return e.birthDate; }],
        ['身份证号', 'Citizen ID', function (e) { return e.citizenId; }],
        ['电话', 'Phone', function (e) { return e.phone || ''; }],
        ['地址', 'Address', function (e) { return e.address ? e.address.text : ''; }],
        ['居住状况', 'Living', function (e) { return coded(LIVING, e.livingSituation); }],
        ['能力等级', 'Ability', function (e) { return e.abilityLevel + ' ' + (ABILITY[e.abilityLevel] || ''); }],
        ['慢性病', 'Conditions', function (e) { return (e.chronicConditions || []).join('、'); }],
        ['紧急联系人', 'Contacts', function (e) { return contacts(e.emergencyContacts); }],
        ['社区', 'Home', function (e) { return e.home; }]] },
    { id: 'orders', zh: '服务工单', en: 'Orders', path: '/api/v1/orders', onRow: showOrder,
      filters: [{ name: 'status', zh: '状态', en: 'Status', options: STATUS }],
      columns: [['类别', 'Category', function (o) { return coded(CATEGORY, o.category); }],
        ['状态', 'Status', function (o) { return coded(STATUS, o.status); }],
        ['渠道', 'Channel', function (o) { return coded(CHANNEL, o.channel); }],
        ['期望时间', 'Wanted', function (o) { return o.wantedAt || ''; }],
        ['受理时间', 'Requested', function (o) { return when(o.requestedAt); }],
        ['受理', 'Taken', function (o) { return o.takenAt + ' / ' + o.takenBy; }],
        ['社区', 'Home', function (o) { return o.home; }],
        ['老人', 'Elder', function (o) { return shortId(o.elderId); }],
        ['服务组织', 'Organisation', function (o) { return shortId(o.organisationId); }]] },
    { id: 'organisations', zh: '服务组织', en: 'Organisations', path: '/api/v1/organisations', filters: [],
      columns: [['名称', 'Name', function (o) { return o.name; }],
        ['类型', 'Type', function (o) { return coded(ORG_TYPE, o.type); }],
        ['服务类别', 'Categories', function (o) { return (o.categories || []).map(function (c) { return CATEGORY[c] || c; }).join('、'); }],
        ['信用', 'Credit', function (o) { return credit(o.creditStatus); }]] },
    { id: 'devices', zh: '设备', en: 'Devices', path: '/api/v1/devices', filters: [],
      columns: [['类型', 'Type', function (d) { return coded(DEVICE_TYPE, d.type); }],
        ['序列号', 'Serial', function (d) { return d.serial; }],
        ['老人', 'Elder', function (d) { return shortId(d.elderId); }],
        ['状态', 'Status', function (d) { return coded(DEVICE_STATUS, d.status); }]] },
    { id: 'conflicts', zh: '数据冲突', en: 'Conflicts', path: '/api/v1/conflicts',
      filters: [{ name: 'resolved', zh: '处理状态', en: 'Resolved', options: { false: '未处理', true: '已处理' }, initial: 'false' }],
      columns: [['记录类型', 'Entity', function (c) { return [c.entityKind, el('div', {}, shortId(c.entityId))]; }],
        ['字段', 'Field', function (c) { return c.field; }],
        ['保留值', 'Kept', function (c) { return c.winnerValue; }],
        ['被覆盖值', 'Overwritten', function (c) { return c.loserValue; }],
        ['原因', 'Reason', function (c) { return c.reason; }],
        ['处理', 'Resolution', function (c, reload) {
          if (c.resolved) return [el('span', { class: 'ok' }, '已处理 '), c.resolution ? c.resolution.note + '（' + c.resolution.by + '）' : ''];
          return el('button', { type: 'button', onclick: function (ev) { ev.stopPropagation(); resolveConflict(c, reload); } }, bi('处理', 'Resolve'));
        }]] },
    { id: 'sync', zh: '同步状态', en: 'Sync', render: renderSync }
  ];

  function selectTab(id) {
    if (syncTimer) { clearInterval(syncTimer); syncTimer = null; }
    current = id;
    generation++;
    const tab = TABS.find(function (t) { return t.id === id; });
    TABS.forEach(function (t) { const b = $('tab-' + t.id); if (b) b.setAttribute('aria-selected', String(t.id === id)); });
    (tab.render || renderList)(tab, generation);
  }

  function renderList(tab, gen) {
    const state = tab.state || (tab.state = { values: {}, stack: [null], next: null });
    const form = el('form', { class: 'filters' }, tab.filters.map(function (f) {
      if (!(f.name in state.values)) state.values[f.name] = f.initial || '';
      const input = f.options
        ? el('select', { name: f.name }, [el('option', { value: '' }, '全部 All')].concat(Object.keys(f.options).map(function (k) {
          return el('option', { value: k }, f.options[k] + ' ' + k);
        })))
        : el('input', { name: f.name, type: 'search' });
      input.value = state.values[f.name];
      return el('label', {}, [el('span', {}, bi(f.zh, f.en)), input]);
    }).concat(tab.filters.length ? [el('button', { type: 'submit' }, bi('查询', 'Search'))] : []));
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      tab.filters.forEach(function (f) { state.values[f.name] = form.elements[f.name].value.trim(); });
      state.stack = [null];
      load();
    });
    const tbody = el('tbody');
    const prev = el('button', { type: 'button', class: 'secondary', onclick: function () { state.stack.pop(); load(); } }, bi('上一页', 'Previous'));
    const next = el('button', { type: 'button', class: 'secondary', onclick: function () { state.stack.push(state.next); load(); } }, bi('下一页', 'Next'));
    const page = el('span');
    const detail = el('section', { id: 'detail', hidden: '' });
    $('panel').replaceChildren(form,
      el('div', { class: 'scroll' }, el('table', {}, [el('thead', {}, el('tr', {}, tab.columns.map(function (c) { return el('th', {}, bi(c[0], c[1])); }))), tbody])),
      el('div', { class: 'pager' }, [prev, page, next]), detail);

    async function load() {
      const params = Object.assign({ limit: '20', cursor: state.stack[state.stack.length - 1] }, state.values);
      try {
        const data = await api('GET', tab.path + '?' + query(params));
        if (gen !== generation) return;
        state.next = data.next;
        tbody.replaceChildren.apply(tbody, data.items.length ? data.items.map(function (item) {
          const row = el('tr', {}, tab.columns.map(function (c) { return el('td', {}, c[2](item, load)); }));
          if (tab.onRow) {
            row.className = 'clickable';
            row.tabIndex = 0;
            const open = function () { tab.onRow(item, detail).catch(showError); };
            row.addEventListener('click', open);
            row.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') open(); });
          }
          return row;
        }) : [el('tr', {}, el('td', { colspan: String(tab.columns.length) }, bi('没有记录', 'No records')))]);
        prev.disabled = state.stack.length <= 1;
        next.disabled = !data.next;
        page.replaceChildren.apply(page, bi('第 ' + state.stack.length + ' 页', 'page ' + state.stack.length));
      } catch (e) {
        showError(e);
      }
    }
    load();
  }

  async function showOrder(item, detail) {
    const d = await api('GET', '/api/v1/orders/' + encodeURIComponent(item.id));
    const o = d.order;
    const fact = function (zh, en, value) { return [el('dt', {}, bi(zh, en)), el('dd', {}, value)]; };
    const event = function (e) {
      return [el('b', {}, coded(EVENT, e.kind)), ' · ' + e.actor + ' @ ' + e.node, e.reason ? ' · 原因 ' + e.reason : '',
        Object.keys(e.details || {}).map(function (k) { return el('div', { class: 'small' }, k + ': ' + e.details[k]); }),
        el('div', { class: 'small' }, e.version)];
    };
    detail.replaceChildren.apply(detail, [
      el('h2', {}, bi('工单详情', 'Order detail')),
      el('dl', { class: 'facts' }, [fact('编号', 'ID', o.id), fact('类别', 'Category', coded(CATEGORY, o.category)),
        fact('状态', 'Status', coded(STATUS, o.status)), fact('渠道', 'Channel', coded(CHANNEL, o.channel)),
        fact('期望时间', 'Wanted', o.wantedAt || '—'), fact('受理时间', 'Requested', when(o.requestedAt)),
        fact('受理节点 / 人', 'Taken at / by', o.takenAt + ' / ' + o.takenBy), fact('老人', 'Elder', o.elderId),
        fact('服务组织', 'Organisation', o.organisationId || '—'), fact('备注', 'Notes', o.notes || '—')]),
      el('h3', {}, bi('处理记录', 'Timeline')),
      el('ol', { class: 'timeline' }, [el('li', {}, [el('b', {}, bi('受理', 'requested')), ' · ' + when(o.requestedAt)])]
        .concat(d.events.map(function (e) { return el('li', {}, event(e)); }))),
      d.rejectedEvents.length ? el('h3', { class: 'bad' }, bi('被拒绝的操作', 'Rejected events')) : null,
      d.rejectedEvents.length ? el('ol', { class: 'timeline' }, d.rejectedEvents.map(function (r) {
        return el('li', { class: 'rejected' }, [event(r.event), el('div', {}, '拒绝原因 Rejected because: ' + r.reason)]);
      })) : null].filter(Boolean));
    detail.hidden = false;
    detail.scrollIntoView({ block: 'nearest' });
  }

  async function resolveConflict(c, reload) {
    const note = window.prompt('处理说明 Resolution note — ' + c.entityKind + ' ' + c.field + ': ' + c.winnerValue + ' / ' + c.loserValue, '');
    if (note === null) return;
    try {
      await api('POST', '/api/v1/conflicts/' + encodeURIComponent(c.id) + '/resolve', { note: note });
      hideBanner();
      await reload();
      await loadNode();
    } catch (e) {
      showError(e);
    }
  }

  function renderSync(tab, gen) {
    const tbody = el('tbody');
    const stamp = el('p', { class: 'small' });
    const columns = [['对端', 'Peer'], ['关系', 'Relation'], ['连接', 'Link'], ['上次联系', 'Last contact'], ['已发送', 'Sent'],
      ['已接收', 'Received'], ['待发送', 'Waiting'], ['最久等待', 'Oldest waiting'], ['最近错误', 'Last error']];
    // One label per link state of GET /api/v1/sync/status; only idle and draining are connected.
    const states = { idle: ['已连接 · 空闲', 'connected, idle', 'ok'], draining: ['已连接 · 同步中', 'connected, draining', 'ok'],
      retrying: ['重试中', 'retrying', 'bad'], refused: ['被拒绝', 'refused', 'bad'], silent: ['无响应', 'silent', 'bad'],
      starting: ['连接中', 'starting', ''] };
    function linkState(l) {
      const s = states[l.state] || [l.state, l.state, ''];
      const parts = [el('span', { class: s[2] }, bi(s[0], s[1]))];
      if (l.failingSince) parts.push(el('div', { class: 'small' }, ['自 ', when(l.failingSince)]));
      if (l.nextAttemptAt) parts.push(el('div', { class: 'small' }, ['下次 ', when(l.nextAttemptAt)]));
      return parts;
    }
    $('panel').replaceChildren(el('p', {}, bi('每 5 秒自动刷新', 'refreshes every 5 s')), el('div', { class: 'scroll' },
      el('table', {}, [el('thead', {}, el('tr', {}, columns.map(function (c) { return el('th', {}, bi(c[0], c[1])); }))), tbody])), stamp);
    let busy = false;
    async function refresh() {
      if (busy || document.hidden) return;
      busy = true;
      try {
        const s = await api('GET', '/api/v1/sync/status');
        if (gen !== generation) return;
        tbody.replaceChildren.apply(tbody, s.links.length ? s.links.map(function (l) {
          return el('tr', { class: l.connected ? '' : 'down' }, [el('td', {}, l.peer),
            el('td', {}, l.relation === 'parent' ? bi('上级', 'parent') : bi('下级', 'child')),
            el('td', {}, linkState(l)),
            el('td', {}, when(l.lastContact) || '—'), el('td', {}, String(l.changesSent)), el('td', {}, String(l.changesReceived)),
            el('td', {}, l.waitingToSend == null ? '—' : String(l.waitingToSend)),
            el('td', {}, l.oldestWaitingSeconds == null ? '—' : Math.round(l.oldestWaitingSeconds) + ' 秒'),
            el('td', { class: l.lastError && !l.connected ? 'bad' : '' }, l.lastError ? [l.lastError, el('div', { class: 'small' }, [l.lastErrorKind || '', ' ', when(l.lastErrorAt)])] : '—')]);
        }) : [el('tr', {}, el('td', { colspan: String(columns.length) }, bi('本节点没有同步链路', 'No sync links')))]);
        stamp.textContent = '节点 ' + s.node + ' · 更新于 ' + when(new Date().toISOString());
      } catch (e) {
        showError(e);
      } finally {
        busy = false;
      }
    }
    refresh();
    syncTimer = setInterval(refresh, 5000);
  }

  if (sessionStorage.getItem(TOKEN)) start().catch(showError); else signOut(null);
})();
</script>
"""
}
