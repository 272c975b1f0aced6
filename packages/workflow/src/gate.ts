import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readChangesets from '@changesets/read';
import { bundleSpec } from '@phone-api/tooling/spec';
import { changesetText, diffSpecs, sortChanges } from './breaking/index.ts';
import {
  applyPolicy,
  type DecidedChange,
  loadPolicy,
  type Policy,
  unusedAcceptances,
} from './breaking/policy.ts';
import { isNode } from './breaking/resolve.ts';
import { SourceMap, type SourcePlace } from './breaking/source-map.ts';
import { checkVersion, requiredBump, type VersionCheck } from './breaking/version.ts';
import { writeSpecVersion } from './breaking/version-file.ts';
import { run } from './tools.ts';
import { verdictLines } from './verdict.ts';

/** The packages whose semver follows the spec: a breaking spec change needs a major bump of each. */
export const GATED_PACKAGES = ['@phone-api/client', '@phone-api/server'] as const;

/** Options of {@link runGate}. */
export interface GateOptions {
  /** Any folder inside the git repository. */
  cwd: string;
  /** Git ref to compare against; default: latest `spec-v*` tag, else merge-base with origin/main or main. */
  base?: string;
  /** Spec folder relative to the repo root, holding `openapi.yaml`. */
  specDir?: string;
  /** Write a changeset listing the changes (major if any is breaking, else minor). */
  writeChangeset?: boolean;
  /** Set the head's `info.version` to the smallest version the changes need, when it is too low. */
  writeVersion?: boolean;
  packages?: readonly string[];
  /** The severity policy, relative to the repo root; default `<specDir>/breaking-policy.yaml`. */
  policyFile?: string;
  /** "Today" (`YYYY-MM-DD`) for sunset checks; default: the current UTC date. */
  today?: string;
}

/** A decided change with the split source file and line it came from. */
export type ReportedChange = DecidedChange & { source?: SourcePlace };

/** What the gate found and decided; every report format renders this. */
export interface GateResult {
  /** 0: pass; 1: a blocking change without a major changeset, or info.version not bumped enough. */
  exitCode: 0 | 1;
  base: { ref: string; how: string };
  policy: { source: string; minSunsetDays: number; overrides: number; accepted: number; unused: string[] };
  changes: ReportedChange[];
  /** Whether pending changesets bump every gated package as major. */
  majorBumped: boolean;
  version: VersionCheck & { source?: SourcePlace };
  changesetPath?: string;
  versionWritten?: string;
  /** PASS / FAIL lines, each FAIL with the command that fixes it. */
  verdict: string[];
}

async function git(cwd: string, args: string[]): Promise<string | undefined> {
  const result = await run('git', args, { cwd });
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/** Finds the ref a pull request is compared against, and says how it was chosen. */
export async function resolveBase(repoRoot: string): Promise<{ ref: string; how: string }> {
  // The nearest release tag reachable from HEAD is "the last released version" of this branch.
  const tag = await git(repoRoot, ['describe', '--tags', '--abbrev=0', '--match', 'spec-v*', 'HEAD']);
  if (tag) return { ref: tag, how: 'latest spec-v* tag' };
  for (const branch of ['origin/main', 'main']) {
    const mergeBase = await git(repoRoot, ['merge-base', 'HEAD', branch]);
    if (mergeBase) return { ref: mergeBase, how: `merge-base with ${branch}` };
  }
  throw new Error('no base found: no spec-v* tag and no main branch; pass --base <git ref>');
}

async function bundleAtRef(repoRoot: string, ref: string, specDir: string): Promise<unknown> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'phone-api-base-'));
  try {
    const tarFile = path.join(dir, 'spec.tar');
    const archive = await run('git', ['archive', `--output=${tarFile}`, ref, '--', specDir], {
      cwd: repoRoot,
    });
    if (archive.code !== 0) {
      if (/did not match any files|pathspec/i.test(archive.stderr)) return {}; // spec did not exist yet
      throw new Error(`git archive ${ref} failed: ${archive.stderr.trim()}`);
    }
    const untar = await run('tar', ['-xf', tarFile, '-C', dir]);
    if (untar.code !== 0) throw new Error(`tar failed: ${untar.stderr.trim()}`);
    return await bundleSpec(path.join(dir, specDir, 'openapi.yaml'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether the pending changesets (`.changeset/*.md`) bump every one of `packages` as major. */
export async function hasMajorChangeset(repoRoot: string, packages: readonly string[]): Promise<boolean> {
  if (!existsSync(path.join(repoRoot, '.changeset'))) return false;
  const changesets = await readChangesets(repoRoot);
  return packages.every((name) =>
    changesets.some((cs) => cs.releases.some((r) => r.name === name && r.type === 'major')),
  );
}

/**
 * Compares the working tree's spec with the base ref's spec and decides whether the change may merge:
 * a blocking change (breaking, not waived by the policy) needs a changeset that bumps every gated
 * package as major, and `info.version` must move as far as the most severe change needs.
 */
export async function runGate(options: GateOptions): Promise<GateResult> {
  const specDir = options.specDir ?? 'spec';
  const packages = options.packages ?? GATED_PACKAGES;
  const repoRoot = await git(options.cwd, ['rev-parse', '--show-toplevel']);
  if (!repoRoot) throw new Error(`${options.cwd} is not inside a git repository`);
  const policyFile = options.policyFile ?? path.join(specDir, 'breaking-policy.yaml');
  const policy = loadPolicy(path.join(repoRoot, policyFile), policyFile);
  const base = options.base ? { ref: options.base, how: 'given with --base' } : await resolveBase(repoRoot);
  const rootFile = path.join(specDir, 'openapi.yaml');
  const [baseDoc, headDoc] = await Promise.all([
    bundleAtRef(repoRoot, base.ref, specDir),
    bundleSpec(path.join(repoRoot, rootFile)),
  ]);
  const sources = new SourceMap(repoRoot, specDir);
  const changes = decide(baseDoc, headDoc, policy, sources, options.today);
  const changesetWritten = options.writeChangeset
    ? await writeChangeset(repoRoot, changes, packages, base.ref)
    : undefined;
  const { version, versionWritten } = await checkInfoVersion(
    baseDoc,
    headDoc,
    changes,
    options.writeVersion ? path.join(repoRoot, rootFile) : undefined,
  );
  const majorBumped = await hasMajorChangeset(repoRoot, packages);
  const verdict = verdictLines({
    changes,
    majorBumped,
    version,
    packages,
    policyFile,
    rootFile,
    ...(changesetWritten === undefined ? {} : { changesetWritten }),
    ...(versionWritten === undefined ? {} : { versionWritten }),
  });
  return {
    exitCode: verdict.some((line) => line.startsWith('FAIL')) ? 1 : 0,
    base,
    policy: {
      source: policy.source,
      minSunsetDays: policy.minSunsetDays,
      overrides: Object.keys(policy.rules).length,
      accepted: policy.accepted.length,
      unused: unusedAcceptances(changes, policy),
    },
    changes,
    majorBumped,
    version: { ...version, ...(version.ok ? {} : { source: sources.place('#/info/version') }) },
    ...(changesetWritten === undefined ? {} : { changesetPath: path.join(repoRoot, changesetWritten) }),
    ...(versionWritten === undefined ? {} : { versionWritten }),
    verdict,
  };
}

/** Diffs, applies the policy and finds each change's source line. */
function decide(
  baseDoc: unknown,
  headDoc: unknown,
  policy: Policy,
  sources: SourceMap,
  today: string | undefined,
): ReportedChange[] {
  const diff = diffSpecs(baseDoc, headDoc, {
    minSunsetDays: policy.minSunsetDays,
    ...(today === undefined ? {} : { today }),
  });
  // Sorted again after the policy: an override can move a change to another severity group.
  return sortChanges(applyPolicy(diff, policy)).map((c) => {
    const source = sources.place(c.pointer);
    return source ? { ...c, source } : c;
  });
}

/** Writes `.changeset/spec-change-<hash>.md` for the changes; returns its path from the repo root. */
async function writeChangeset(
  repoRoot: string,
  changes: ReportedChange[],
  packages: readonly string[],
  baseLabel: string,
): Promise<string | undefined> {
  if (changes.length === 0) return undefined;
  const { text } = changesetText(changes, packages, baseLabel);
  const id = createHash('sha256').update(text).digest('hex').slice(0, 8);
  const file = path.join('.changeset', `spec-change-${id}.md`);
  await mkdir(path.join(repoRoot, '.changeset'), { recursive: true });
  await writeFile(path.join(repoRoot, file), text);
  return file;
}

/** Checks `info.version` against the changes; with `writeTo`, first sets it to what they need. */
async function checkInfoVersion(
  baseDoc: unknown,
  headDoc: unknown,
  changes: ReportedChange[],
  writeTo: string | undefined,
): Promise<{ version: VersionCheck; versionWritten?: string }> {
  const infoVersion = (doc: unknown) => (isNode(doc) && isNode(doc.info) ? doc.info.version : undefined);
  const version = checkVersion(infoVersion(baseDoc), infoVersion(headDoc), requiredBump(changes));
  if (writeTo === undefined || version.expected === undefined) return { version };
  await writeSpecVersion(writeTo, version.expected);
  return {
    version: checkVersion(infoVersion(baseDoc), version.expected, version.required),
    versionWritten: version.expected,
  };
}
