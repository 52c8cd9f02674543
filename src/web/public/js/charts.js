// ECharts, a bundle of only the charts the pages draw (built from src/web/echarts-entry.mjs), imported the first
// time a page draws a chart: pages without charts never download it. Charts are disposed of when the page
// changes; each chart sits next to a table with the same figures.
/* global window */
import { h } from './dom.js';
import { getLang } from './i18n.js';

let loading = null;
const live = new Set();

export function loadECharts() {
  loading ??= import('/assets/vendor/echarts.js').catch((error) => {
    loading = null;
    throw error;
  });
  return loading;
}

export const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

export const GRADE_COLOURS = { red: '#c62828', yellow: '#b7791f', blue: '#1e63b8', none: '#6b7280' };

/**
 * A chart box: described for screen readers by `label`; the chart is drawn when ECharts has loaded.
 * `option` is an ECharts option (or a function of the bundle's exports returning one).
 */
export function chart(label, option, { height = 280, className = '' } = {}) {
  const box = h('div', {
    class: `chart ${className}`,
    role: 'img',
    'aria-label': label,
    style: { height: `${height}px` },
  });
  loadECharts()
    .then((echarts) => {
      if (!box.isConnected) return;
      const instance = echarts.init(box, null, { renderer: 'svg', locale: getLang() === 'en' ? 'EN' : 'ZH' });
      instance.setOption({
        textStyle: { fontFamily: FONT },
        animation: false,
        ...(typeof option === 'function' ? option(echarts) : option),
      });
      live.add(instance);
    })
    .catch(() => {
      box.classList.add('chart-unavailable');
    });
  return box;
}

/** Disposes of the charts of the page being left. */
export function disposeCharts() {
  for (const instance of live) instance.dispose();
  live.clear();
}

window.addEventListener('resize', () => {
  for (const instance of live) instance.resize();
});
