import axe from 'axe-core';
import type { AxeResults, ImpactValue, Result } from 'axe-core';
import type { Page } from 'playwright-core';

/**
 * axe-core, run inside the page as a person's browser shows it. Only serious and critical
 * violations fail a test: the ones that stop someone reading or operating the page.
 */

const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];

/** The violations axe finds in the page as it stands, every impact included. */
export async function axeViolations(page: Page): Promise<Result[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe.run;
    return run(document, { resultTypes: ['violations'] });
  });
  return results.violations;
}

/** One line per element: "color-contrast (serious) .declaration del: Fix the following: ...". */
export function describeViolations(violations: readonly Result[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map((node) => `${v.id} (${node.impact ?? v.impact ?? 'unknown'}) ${node.target.join(' ')}\n    ${(node.failureSummary ?? v.help).replace(/\n\s*/g, ' ')}`),
    )
    .join('\n');
}

/** Fails, listing each element and what axe says is wrong with it, if axe finds a serious or critical violation. */
export async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  const all = await axeViolations(page);
  // AXE_VERBOSE=1 lists the moderate and minor ones too, for a review; they do not fail the test.
  if (process.env.AXE_VERBOSE && all.length) console.info(`axe-core on ${label}, every impact:\n${describeViolations(all)}`);
  const blocking = all.filter((v) => v.nodes.some((node) => BLOCKING.includes(node.impact ?? v.impact ?? 'minor')));
  if (blocking.length) {
    const only = blocking.map((v) => ({ ...v, nodes: v.nodes.filter((node) => BLOCKING.includes(node.impact ?? v.impact ?? 'minor')) }));
    throw new Error(`axe-core on ${label}: ${only.length} serious or critical violation(s)\n${describeViolations(only)}`);
  }
}
