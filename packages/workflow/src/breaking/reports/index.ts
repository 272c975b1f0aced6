import type { GateResult } from '../../gate.ts';
import { githubReport } from './github.ts';
import { junitReport } from './junit.ts';
import { markdownReport } from './markdown.ts';
import { textReport } from './text.ts';

/** The formats of `pnpm breaking --format`. */
export const FORMATS = {
  text: (r: GateResult) => `${textReport(r)}\n`,
  markdown: markdownReport,
  junit: junitReport,
  json: (r: GateResult) => `${JSON.stringify(r, null, 2)}\n`,
  github: githubReport,
} as const satisfies Record<string, (result: GateResult) => string>;

/** A report format name. */
export type Format = keyof typeof FORMATS;

/** Renders the gate's result in one format. */
export function renderReport(format: Format, result: GateResult): string {
  return FORMATS[format](result);
}
