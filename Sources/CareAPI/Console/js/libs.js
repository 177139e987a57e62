// The Debian JavaScript libraries, loaded only when a screen needs them. The node says in
// /console/config.json which are installed; a missing one is named on screen, with its package.
import { h } from './dom.js';
import { t } from './i18n.js';

let config = { libraries: [], tileURL: null };
const loading = new Map();

export async function loadConfig() {
  try {
    const response = await fetch('/console/config.json');
    config = await response.json();
  } catch {
    config = { libraries: [], tileURL: null };
  }
  return config;
}

export const settings = () => config;
export const installed = (name) => config.libraries.some((library) => library.name === name && library.installed);
export const missing = () => config.libraries.filter((library) => !library.installed);

function script(src) {
  if (!loading.has(src)) {
    loading.set(src, new Promise((resolve, reject) => {
      const el = h('script', { src });
      el.addEventListener('load', resolve);
      el.addEventListener('error', () => reject(new Error(`could not load ${src}`)));
      document.head.append(el);
    }));
  }
  return loading.get(src);
}

function style(href) {
  if (!document.querySelector(`link[href="${href}"]`)) document.head.append(h('link', { rel: 'stylesheet', href }));
}

/** Leaflet (and its marker clusters when installed); null when Leaflet is not installed. */
export async function leaflet() {
  if (!installed('leaflet')) return null;
  style('/console/lib/leaflet/leaflet.css');
  await script('/console/lib/leaflet/leaflet.js');
  if (installed('markercluster')) {
    style('/console/lib/leaflet/MarkerCluster.css');
    style('/console/lib/leaflet/MarkerCluster.Default.css');
    await script('/console/lib/leaflet/leaflet.markercluster.js');
  }
  return window.L;
}

/** Strong, distinguishable colours; Debian's Chart.js 3 draws every dataset grey otherwise. */
const palette = ['#0b3d91', '#b45309', '#047857', '#a11212', '#6d28d9', '#0e7490', '#4d7c0f', '#be185d', '#374151', '#c2410c', '#1d4ed8', '#15803d'];

/** Chart.js; null when it is not installed. */
export async function chart() {
  if (!installed('chart.js')) return null;
  await script('/console/lib/chart.js/chart.min.js');
  const Chart = window.Chart;
  if (!Chart.registry.plugins.get('carenode-palette')) {
    Chart.defaults.color = '#111827';
    Chart.defaults.font.size = 15;
    Chart.register({
      id: 'carenode-palette',
      beforeUpdate(instance) {
        const perPoint = ['doughnut', 'pie', 'polarArea'].includes(instance.config.type);
        instance.data.datasets.forEach((dataset, index) => {
          if (dataset.backgroundColor) return;
          if (perPoint) dataset.backgroundColor = dataset.data.map((_, i) => palette[i % palette.length]);
          else { dataset.backgroundColor = palette[index % palette.length]; dataset.borderColor = palette[index % palette.length]; }
        });
      },
    });
  }
  return Chart;
}

/** A notice naming what is missing, for the screen that would have used it. */
export function missingNotice(name) {
  const library = config.libraries.find((entry) => entry.name === name);
  return h('div.notice.notice-warning', { role: 'note' },
    t('libraryMissing', { name, package: library?.package || name, folder: config.libraryDirectory || '/usr/share/javascript' }));
}
