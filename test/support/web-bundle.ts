// The trimmed ECharts bundle the web interface serves is made by `npm run build`; tests that start the service
// from the sources make it themselves when it is missing or older than what it is built from.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const BUNDLE = join(ROOT, 'dist/web/vendor/echarts.js');
const INPUTS = ['src/web/echarts-entry.mjs', 'scripts/build-echarts.mjs', 'node_modules/echarts/package.json'];

let checked = false;

export function ensureEchartsBundle(): void {
  if (checked) return;
  const built = existsSync(BUNDLE) ? statSync(BUNDLE).mtimeMs : 0;
  if (INPUTS.some((p) => statSync(join(ROOT, p)).mtimeMs > built)) {
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-echarts.mjs'), '--quiet'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  checked = true;
}
