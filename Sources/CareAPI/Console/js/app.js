// The shell: sign-in, the role's navigation and home, hash routes (#/screen/arg), language
// and text size, and the alert watch that pops up critical alerts on every screen.
import { h, fill, $, toast } from './dom.js';
import { t, setLang, lang, translateStatic, setCodeTables, pick, onLangChange } from './i18n.js';
import { get, hasToken, whenUnauthorized } from './api.js';
import * as session from './session.js';
import { loadConfig, missing } from './libs.js';
import { screens, screensFor, watchesAlerts } from './roles.js';
import { apiForm, field } from './form.js';
import { startAlertWatch, stopAlertWatch } from './alertwatch.js';

let cleanup = null;
let available = [];

export async function start() {
  setLang(lang());
  setupSwitches();
  await loadConfig();
  whenUnauthorized(() => { if (session.signedIn()) { session.signOut(); showSignIn(t('sessionExpired')); } });
  window.addEventListener('hashchange', route);
  onLangChange(() => { if (session.signedIn()) { drawChrome(); route(); } else showSignIn(); });
  if (hasToken()) {
    try {
      await loadCodes();
      if (await session.load()) return enter();
    } catch (error) {
      toast(error.message, 'error');
    }
  }
  showSignIn();
}

function setupSwitches() {
  const langButton = $('#lang-switch');
  const textButton = $('#text-switch');
  const large = localStorage.getItem('carenode.largeText') === '1';
  document.documentElement.classList.toggle('large-text', large);
  textButton.setAttribute('aria-pressed', String(large));
  langButton.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
  textButton.addEventListener('click', () => {
    const on = !document.documentElement.classList.contains('large-text');
    document.documentElement.classList.toggle('large-text', on);
    textButton.setAttribute('aria-pressed', String(on));
    localStorage.setItem('carenode.largeText', on ? '1' : '0');
  });
  $('#sign-out').addEventListener('click', () => { session.signOut(); stopAlertWatch(); location.hash = ''; showSignIn(); });
  onLangChange(updateSwitchLabels);
  updateSwitchLabels();
}

function updateSwitchLabels() {
  const langButton = $('#lang-switch');
  langButton.textContent = lang() === 'zh' ? 'English' : '中文';
  langButton.lang = lang() === 'zh' ? 'en' : 'zh-CN';
  translateStatic();
}

async function loadCodes() {
  const answer = await get('/codes');
  setCodeTables(answer.tables);
}

function showSignIn(message) {
  cleanup?.();
  cleanup = null;
  $('#mainnav').hidden = true;
  $('#sign-out').hidden = true;
  $('#who').textContent = '';
  document.body.dataset.role = '';
  const main = $('#main');
  main.dataset.screen = 'signin';
  const form = apiForm({
    fields: [
      field({ path: 'name', title: t('loginName'), required: true }),
      field({ path: 'password', title: t('password'), type: 'password', required: true }),
    ],
    submitText: t('signIn'),
    submit: async (values) => {
      await session.signIn(values.name ?? '', values.password ?? '');
      await loadCodes();
      return session.load();
    },
    onDone: () => enter(),
  });
  form.id = 'signin-form';
  fill(main, h('section.signin', h('h1', t('signInTitle')), message ? h('p.notice.notice-warning', message) : null, form));
  main.querySelector('input')?.focus();
}

async function enter() {
  const me = session.current();
  available = screensFor(me.role.code, me.node.role, session.can);
  document.body.dataset.role = me.role.code;
  drawChrome();
  const missingLibraries = missing();
  if (missingLibraries.length) {
    fill($('#notices'), h('div.notice.notice-warning', t('librariesMissing', { list: missingLibraries.map((library) => library.package).join(', ') })));
  }
  if (watchesAlerts(me.role.code) && session.can('alert.read')) startAlertWatch();
  if (!location.hash || location.hash === '#' || location.hash === '#/') location.hash = `#/${available[0] || 'sync'}`;
  else route();
}

function drawChrome() {
  const me = session.current();
  $('#node-name').textContent = `${me.node.name || ''} ${me.node.code}`;
  $('#who').textContent = `${me.account.displayName || me.account.name} · ${pick(me.role.label)}`;
  $('#sign-out').hidden = false;
  const nav = $('#mainnav');
  nav.hidden = false;
  fill(nav, h('ul', available.map((name) => h('li', h('a', { href: `#/${name}`, dataset: { screen: name } }, t(screens[name].title))))));
}

async function route() {
  if (!session.signedIn()) return;
  const [name, ...args] = location.hash.replace(/^#\/?/, '').split('/');
  const screen = available.includes(name) ? name : available[0];
  if (!screen) return fill($('#main'), h('p.notice', t('noScreens')));
  if (screen !== name) { location.hash = `#/${screen}`; return; }
  for (const link of document.querySelectorAll('#mainnav a')) {
    if (link.dataset.screen === screen) {
      link.setAttribute('aria-current', 'page');
      // On a phone the navigation scrolls sideways: keep the current screen's name in sight.
      link.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
    else link.removeAttribute('aria-current');
  }
  cleanup?.();
  cleanup = null;
  const main = $('#main');
  main.dataset.screen = screen;
  document.title = `${t(screens[screen].title)} · ${t('appName')}`;
  fill(main, h('p.loading', t('loading')));
  try {
    const module = await import(screens[screen].module);
    if (main.dataset.screen !== screen) return;
    // Each screen replaces this line when it draws; until then the screen is still loading.
    const view = h('div.screen', { id: `screen-${screen}` }, h('p.loading', t('loading')));
    fill(main, view);
    cleanup = (await module.render(view, { me: session.current(), args: args.map(decodeURIComponent), can: session.can })) || null;
  } catch (error) {
    console.warn(error);
    fill(main, h('p.notice.notice-error', { role: 'alert' }, error.message));
  }
}
