// The axe-core accessibility engine run in a page: the serious and critical violations, each with the elements
// it found, so that a failure says what to fix and where.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** The engine's source, evaluated through the DevTools protocol (the page's content policy allows no inline script). */
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeProblem {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

export async function seriousViolations(page: Page): Promise<AxeProblem[]> {
  await page.evaluate(AXE);
  const results = await page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const r = await axe.run((globalThis as any).document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n: any) => n.target.join(' ')),
    }));
  });
  return (results as AxeProblem[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
