import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readChangesets from '@changesets/read';
import { type Change, changeSummary, changesetText, changeTable, diffSpecs } from './breaking/index.ts';
import { bundleSpec } from './bundle.ts';
import { run } from './tools.ts';

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
  packages?: readonly string[];
}

/** What the gate found and decided. */
export interface GateResult {
  /** 0: pass; 1: breaking change without a major changeset. */
  exitCode: 0 | 1;
  base: { ref: string; how: string };
  changes: Change[];
  /** Whether pending changesets bump every gated package as major. */
  majorBumped: boolean;
  changesetPath?: string;
  /** Human-readable report: table, summary, verdict. */
  report: string;
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
 * a breaking change needs a changeset that bumps every gated package as major.
 */
export async function runGate(options: GateOptions): Promise<GateResult> {
  const specDir = options.specDir ?? 'spec';
  const packages = options.packages ?? GATED_PACKAGES;
  const repoRoot = await git(options.cwd, ['rev-parse', '--show-toplevel']);
  if (!repoRoot) throw new Error(`${options.cwd} is not inside a git repository`);
  const base = options.base ? { ref: options.base, how: 'given with --base' } : await resolveBase(repoRoot);
  const [baseDoc, headDoc] = await Promise.all([
    bundleAtRef(repoRoot, base.ref, specDir),
    bundleSpec(path.join(repoRoot, specDir, 'openapi.yaml')),
  ]);
  const changes = diffSpecs(baseDoc, headDoc);

  let changesetPath: string | undefined;
  if (options.writeChangeset && changes.length > 0) {
    const { text } = changesetText(changes, packages, base.ref);
    const id = createHash('sha256').update(text).digest('hex').slice(0, 8);
    changesetPath = path.join(repoRoot, '.changeset', `spec-change-${id}.md`);
    await mkdir(path.dirname(changesetPath), { recursive: true });
    await writeFile(changesetPath, text);
  }

  const breaking = changes.filter((c) => c.severity === 'breaking');
  const majorBumped = await hasMajorChangeset(repoRoot, packages);
  const exitCode = breaking.length > 0 && !majorBumped ? 1 : 0;

  const lines = [`Base: ${base.ref} (${base.how})`, ''];
  lines.push(changes.length > 0 ? changeTable(changes) : 'No API changes.', '', changeSummary(changes));
  if (changesetPath)
    lines.push(`Wrote ${path.relative(repoRoot, changesetPath)}; edit its text before merging.`);
  if (exitCode === 1) {
    lines.push(
      `FAIL: ${breaking.length} breaking change${breaking.length === 1 ? '' : 's'} and no changeset bumping ` +
        `${packages.join(' and ')} as major. Fix: pnpm breaking --write-changeset (or undo the breaking change).`,
    );
  } else if (breaking.length > 0) {
    lines.push(`PASS: breaking changes are released as a major bump of ${packages.join(' and ')}.`);
  } else {
    lines.push('PASS: no breaking change.');
  }
  return {
    exitCode,
    base,
    changes,
    majorBumped,
    ...(changesetPath === undefined ? {} : { changesetPath }),
    report: lines.join('\n'),
  };
}
