// Builds the trimmed ECharts bundle the web interface serves (dist/web/vendor/echarts.js) from
// src/web/echarts-entry.mjs with esbuild: only the charts and components the pages use, minified, as an ES
// module. Run by `npm run build`; tests run it when the bundle is missing or older than its entry.
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'web', 'vendor', 'echarts.js');

await build({
  entryPoints: [join(root, 'src', 'web', 'echarts-entry.mjs')],
  outfile,
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  legalComments: 'eof',
  logLevel: 'warning',
});
if (!process.argv.includes('--quiet'))
  console.log(`ECharts bundle: ${outfile} (${Math.round(statSync(outfile).size / 1024)} KB)`);
