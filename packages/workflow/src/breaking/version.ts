import type { DecidedChange } from './policy.ts';
import type { Severity } from './rules.ts';

/** A semver bump. */
export type Bump = 'major' | 'minor' | 'patch';

const BUMP_OF: Record<Severity, Bump> = {
  breaking: 'major',
  warning: 'minor',
  additive: 'minor',
  info: 'patch',
};
const ORDER: readonly Bump[] = ['major', 'minor', 'patch'];

/**
 * The smallest bump of `info.version` these changes need: major for a blocking change, minor for an
 * additive change or a warning (a waived breaking change counts as one: it was reviewed, not erased),
 * patch for documentation only; undefined when nothing changed.
 */
export function requiredBump(changes: readonly DecidedChange[]): Bump | undefined {
  const bumps = changes.map((c) =>
    c.severity === 'breaking' && !c.blocking ? 'minor' : BUMP_OF[c.severity],
  );
  return ORDER.find((b) => bumps.includes(b));
}

/** The outcome of comparing the base's and the head's `info.version` with the bump the changes need. */
export interface VersionCheck {
  base?: string;
  head?: string;
  required?: Bump;
  /** The smallest version that satisfies `required`, when the head's does not. */
  expected?: string;
  ok: boolean;
  message: string;
}

const parseSemver = (v: unknown) => {
  const m = typeof v === 'string' ? /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
};

/** Checks that `info.version` moved at least as far as the changes need (more is allowed). */
export function checkVersion(base: unknown, head: unknown, required: Bump | undefined): VersionCheck {
  const b = parseSemver(base);
  const h = parseSemver(head);
  const known = {
    ...(typeof base === 'string' ? { base } : {}),
    ...(typeof head === 'string' ? { head } : {}),
  };
  if (required === undefined) return { ...known, ok: true, message: 'no API change, no version bump needed' };
  if (b === undefined)
    return { ...known, required, ok: true, message: 'the base has no semver info.version' };
  if (h === undefined) {
    return { ...known, required, ok: false, message: `info.version ${String(head)} is not a semver version` };
  }
  const [M, m, p] = b as [number, number, number];
  const want = required === 'major' ? [M + 1, 0, 0] : required === 'minor' ? [M, m + 1, 0] : [M, m, p + 1];
  const expected = want.join('.');
  const atLeast = h.findIndex((x, i) => x !== want[i]);
  const ok = atLeast === -1 || (h[atLeast] ?? 0) > (want[atLeast] ?? 0);
  return {
    ...known,
    required,
    ...(ok ? {} : { expected }),
    ok,
    message: ok
      ? `info.version ${known.base} -> ${known.head} covers a ${required} change`
      : `info.version ${known.base} -> ${known.head}, but the changes need a ${required} bump (${expected})`,
  };
}
