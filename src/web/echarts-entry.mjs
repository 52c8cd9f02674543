// The parts of ECharts the pages draw with, bundled by scripts/build-echarts.mjs into dist/web/vendor/echarts.js
// (an ES module the browser imports when a page first draws a chart). The dashboard draws bar and line charts on
// a grid with legends, tooltips, a target line and decal patterns (aria), in SVG. A page using another chart type
// or component adds it here.
import { use } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkLineComponent,
  AriaComponent,
  SVGRenderer,
]);

export { init } from 'echarts/core';
