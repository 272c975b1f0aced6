import type { DecidedChange } from './breaking/policy.ts';
import type { VersionCheck } from './breaking/version.ts';

/** What the verdict is made of: the decided changes and the two release checks. */
export interface VerdictInput {
  changes: readonly DecidedChange[];
  majorBumped: boolean;
  version: VersionCheck;
  packages: readonly string[];
  /** The policy file and the spec's root file, relative to the repo root (named in fixes). */
  policyFile: string;
  rootFile: string;
  /** What `--write-changeset` / `--write-version` did in this run. */
  changesetWritten?: string;
  versionWritten?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The gate's PASS / FAIL lines. Each FAIL names the one command that fixes it. An announced removal
 * (its sunset passed) still needs a major release, but it is no surprise: the line says which it is.
 */
export function verdictLines(input: VerdictInput): string[] {
  const { changes, version, packages } = input;
  const lines: string[] = [];
  if (input.changesetWritten) lines.push(`Wrote ${input.changesetWritten}; edit its text before merging.`);
  if (input.versionWritten) lines.push(`Set info.version to ${input.versionWritten} in ${input.rootFile}.`);
  const blocking = changes.filter((c) => c.blocking);
  if (blocking.length > 0 && !input.majorBumped) {
    const announced = blocking.filter((c) => c.kind === 'removed-after-sunset').length;
    const surprises = blocking.length - announced;
    const what =
      surprises === 0
        ? `${plural(announced, 'announced removal')} (sunset passed)`
        : `${plural(surprises, 'breaking change')}${announced > 0 ? ` and ${plural(announced, 'announced removal')}` : ''}`;
    lines.push(
      `FAIL: ${what} and no changeset bumping ${packages.join(' and ')} as major. ` +
        'Fix: pnpm breaking --write-changeset' +
        (surprises > 0
          ? ` (or undo the breaking change, or accept it by fingerprint in ${input.policyFile}).`
          : '.'),
    );
  }
  if (!version.ok) {
    lines.push(
      `FAIL: ${version.message}. Fix: pnpm breaking --write-version` +
        (version.expected ? ` (sets info.version to ${version.expected} in ${input.rootFile}).` : '.'),
    );
  }
  if (lines.some((line) => line.startsWith('FAIL'))) return lines;
  lines.push(
    blocking.length > 0
      ? `PASS: breaking changes are released as a major bump of ${packages.join(' and ')}.`
      : changes.some((c) => c.severity === 'breaking')
        ? 'PASS: the breaking changes are waived by the policy (accepted or not yet stable).'
        : 'PASS: no breaking change.',
  );
  return lines;
}
