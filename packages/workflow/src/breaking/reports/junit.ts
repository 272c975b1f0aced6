import type { GateResult } from '../../gate.ts';

const xml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
 * The JUnit XML report, for CI systems that show test results: one test case per change (a blocking
 * one fails, the others pass with their text in `system-out`) and one for the version check.
 */
export function junitReport(result: GateResult): string {
  const cases = result.changes.map((c) => {
    const name = xml(`${c.kind} ${c.operation ?? ''} ${c.location}`.replace(/\s+/g, ' ').trim());
    const where = c.source ? ` (${c.source.file}:${c.source.line})` : '';
    const body = c.blocking
      ? `<failure type="${c.kind}" message="${xml(c.message)}">${xml(`${c.message}${where} [${c.fingerprint}; ${c.decidedBy}]`)}</failure>`
      : `<system-out>${xml(`${c.severity}: ${c.message}${where} [${c.fingerprint}; ${c.decidedBy}]`)}</system-out>`;
    return `    <testcase classname="breaking.${c.severity}" name="${name}">${body}</testcase>`;
  });
  const version = result.version.ok
    ? `<system-out>${xml(result.version.message)}</system-out>`
    : `<failure type="version-bump" message="${xml(result.version.message)}">${xml(result.verdict.join('\n'))}</failure>`;
  cases.push(`    <testcase classname="breaking.version" name="info.version">${version}</testcase>`);
  const failures = result.changes.filter((c) => c.blocking).length + (result.version.ok ? 0 : 1);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pnpm breaking" tests="${cases.length}" failures="${failures}">`,
    `  <testsuite name="breaking-changes since ${xml(result.base.ref)}" tests="${cases.length}" failures="${failures}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
