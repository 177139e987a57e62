// The one map (一张图): elders by community, organisations, open orders and open alerts, on
// Leaflet. A subtree of more than a few thousand elders is drawn a community at a time (one
// circle per community, sized by its elders, from GET /map/communities); a button switches
// between that and each elder. By default there are no tiles, so nothing is fetched from the
// internet: points and each community's outline (the hull around its elders' homes) on a plain
// base. A tile source is configured on the node (--map-tiles).
import { h, fill } from '../dom.js';
import { t, label, lang } from '../i18n.js';
import { all, get } from '../api.js';
import { leaflet, settings, missingNotice } from '../libs.js';
import { heading, every } from './common.js';
import { remember } from '../names.js';

const colours = { elder: '#1d4ed8', organisation: '#047857', order: '#b45309', alert: '#b91c1c' };

export async function render(view) {
  const L = await leaflet();
  const summary = h('p.map-summary', { id: 'map-summary', role: 'status' });
  if (!L) return void fill(view, heading(t('screenMap')), missingNotice('leaflet'));
  const box = h('div.map-box', { id: 'map', role: 'region', 'aria-label': t('screenMap') });
  const legend = h('ul.legend', Object.entries(colours).map(([kind, colour]) => h('li', h('span.swatch', { dataset: { kind } }), t('map_' + kind))));
  // Drawn elder by elder up to this many elders; above it, by community unless asked otherwise.
  const elderLimit = 3000;
  let mode = null;
  const toggle = h('button.btn.btn-sm.btn-outline-secondary', { type: 'button', id: 'map-mode', onclick: () => { mode = mode === 'community' ? 'elder' : 'community'; draw(); } });
  fill(view, heading(t('screenMap')), h('div.map-tools', summary, toggle), legend, box);

  // Without a tile layer Leaflet knows no zoom range; fitBounds needs one.
  const map = L.map(box, { preferCanvas: true, zoomControl: true, minZoom: 3, maxZoom: 18, attributionControl: Boolean(settings().tileURL) });
  const config = settings();
  if (config.tileURL) L.tileLayer(config.tileURL, { attribution: config.tileAttribution || '', maxZoom: 19 }).addTo(map);
  else box.classList.add('plain-base');
  const group = (name) => (L.markerClusterGroup && name === 'elder' ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.layerGroup());
  const layers = { outline: L.layerGroup(), elder: group('elder'), organisation: L.layerGroup(), order: L.layerGroup(), alert: L.layerGroup() };
  for (const layer of Object.values(layers)) layer.addTo(map);
  L.control.layers(null, {
    [t('map_outline')]: layers.outline, [t('map_elder')]: layers.elder, [t('map_organisation')]: layers.organisation,
    [t('map_order')]: layers.order, [t('map_alert')]: layers.alert,
  }, { collapsed: false }).addTo(map);

  const dot = (lat, lon, kind, text, radius = 6) =>
    L.circleMarker([lat, lon], { radius, color: colours[kind], weight: 2, fillOpacity: 0.7 }).bindTooltip(text);

  let fitted = false;
  function fit(bounds) {
    if (fitted) return;
    if (bounds.length) map.fitBounds(bounds, { padding: [30, 30] });
    else map.setView([30.64, 114.39], 12);
    fitted = true;
  }

  async function draw() {
    const communities = await get('/map/communities');
    mode ??= communities.elders > elderLimit ? 'community' : 'elder';
    toggle.textContent = t(mode === 'community' ? 'mapByElder' : 'mapByCommunity');
    const organisations = await all('/organisations', {}, 1000);
    for (const layer of Object.values(layers)) layer.clearLayers();
    for (const o of organisations.items) {
      if (o.address?.latitude != null) layers.organisation.addLayer(dot(o.address.latitude, o.address.longitude, 'organisation', `${o.name} · ${label('organisationType', o.type)}`, 8));
    }
    if (mode === 'community') drawCommunities(communities, organisations.items.length);
    else await drawElders(organisations.items.length);
  }

  function drawCommunities(figures, organisationCount) {
    const located = figures.communities.filter((c) => c.latitude != null);
    for (const c of located) {
      const text = t('mapCommunity', { code: c.code, elders: c.elders, alone: c.livingAlone, orders: c.openOrders ?? '–', alerts: c.openAlerts ?? '–' });
      layers.elder.addLayer(dot(c.latitude, c.longitude, 'elder', text, Math.min(30, 6 + Math.sqrt(c.elders) / 2)));
      if (c.openOrders) layers.order.addLayer(dot(c.latitude, c.longitude, 'order', text, 4));
      if (c.openAlerts) layers.alert.addLayer(L.circleMarker([c.latitude, c.longitude], { radius: Math.min(34, 9 + Math.sqrt(c.elders) / 2), color: colours.alert, weight: 3, fill: false }).bindTooltip(text));
    }
    summary.textContent = t('mapSummary', {
      elders: figures.elders, communities: figures.communities.length, organisations: organisationCount,
      orders: figures.openOrders ?? '–', alerts: figures.openAlerts ?? '–',
    });
    fit(located.map((c) => [c.latitude, c.longitude]));
  }

  async function drawElders(organisationCount) {
    const [elders, orders, alerts] = await Promise.all([
      all('/elders', {}, 5000),
      all('/orders', { status: 'requested' }, 1000).then(async (requested) => {
        const more = await Promise.all(['referred', 'dispatched', 'accepted', 'checkedIn'].map((status) => all('/orders', { status }, 1000)));
        return [...requested.items, ...more.flatMap((page) => page.items)];
      }),
      Promise.all(['raised', 'acknowledged', 'handled'].map((status) => all('/alerts', { status }, 1000))).then((pages) => pages.flatMap((page) => page.items)),
    ]);
    remember('elders', elders.items);
    const where = new Map(elders.items.filter((e) => e.address?.latitude != null).map((e) => [e.id, [e.address.latitude, e.address.longitude, e]]));
    const byCommunity = new Map();
    for (const [, [lat, lon, elder]] of where) {
      layers.elder.addLayer(dot(lat, lon, 'elder', `${elder.name} · ${label('livingSituation', elder.livingSituation)}`, 5));
      if (!byCommunity.has(elder.home)) byCommunity.set(elder.home, []);
      byCommunity.get(elder.home).push([lat, lon]);
    }
    for (const [code, points] of byCommunity) {
      const ring = hull(points);
      if (ring.length >= 3) layers.outline.addLayer(L.polygon(ring, { color: '#475569', weight: 2, dashArray: '6 4', fillOpacity: 0.05 }).bindTooltip(code, { sticky: true }));
    }
    for (const order of orders) {
      const place = where.get(order.elderId);
      if (place) layers.order.addLayer(dot(place[0], place[1], 'order', `${place[2].name} · ${label('serviceCategory', order.category)} · ${label('orderStatus', order.status)}`, 7));
    }
    for (const alert of alerts) {
      const place = where.get(alert.elderId);
      if (place) layers.alert.addLayer(dot(place[0], place[1], 'alert', `${alert.elderName || ''} · ${lang() === 'zh' ? alert.messageZh : alert.message}`, 10));
    }
    summary.textContent = t('mapSummary', { elders: where.size, communities: byCommunity.size, organisations: organisationCount, orders: orders.length, alerts: alerts.length });
    fit([...where.values()].map(([lat, lon]) => [lat, lon]));
  }
  await draw();
  const stop = every(30000, draw);
  return () => { stop(); map.remove(); };
}

/** Convex hull (monotone chain) of [lat, lon] points. */
function hull(points) {
  const sorted = [...points].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  if (sorted.length < 3) return sorted;
  const cross = (o, a, b) => (a[1] - o[1]) * (b[0] - o[0]) - (a[0] - o[0]) * (b[1] - o[1]);
  const lower = [];
  for (const p of sorted) { while (lower.length >= 2 && cross(lower.at(-2), lower.at(-1), p) <= 0) lower.pop(); lower.push(p); }
  const upper = [];
  for (const p of [...sorted].reverse()) { while (upper.length >= 2 && cross(upper.at(-2), upper.at(-1), p) <= 0) upper.pop(); upper.push(p); }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}
