// ECharts, served by the service from its npm package, loaded the first time a page draws a chart.
// Charts are disposed of when the page changes; each chart sits next to a table with the same figures.
/* global document, window */
import { h } from './dom.js';
import { getLang } from './i18n.js';

let loading = null;
const live = new Set();

export function loadECharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/assets/vendor/echarts.min.js';
    script.onload = () => resolve(window.echarts);
    script.onerror = () => {
      loading = null;
      reject(new Error('echarts could not be loaded'));
    };
    document.head.append(script);
  });
  return loading;
}

export const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

export const GRADE_COLOURS = { red: '#c62828', yellow: '#b7791f', blue: '#1e63b8', none: '#6b7280' };

/**
 * A chart box: described for screen readers by `label`; the chart is drawn when ECharts has loaded.
 * `option` is an ECharts option (or a function of echarts returning one).
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
