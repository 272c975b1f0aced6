import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { run } from './tools.ts';

/**
 * Copies the repository's tracked and untracked (not ignored) files to a temp folder, linking every
 * dependency from the real checkout's node_modules, so tools run there as in the checkout without an
 * install. The caller removes the folder.
 */
export async function copyRepo(repoRoot: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'phone-api-bench-'));
  const listed = await run('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repoRoot });
  const files = listed.stdout.split('\0').filter((f) => f !== '' && !f.includes('node_modules/'));
  for (const file of files) {
    const from = path.join(repoRoot, file);
    const to = path.join(dir, file);
    await mkdir(path.dirname(to), { recursive: true });
    await copyFile(from, to).catch(() => {}); // a file deleted in the working tree is still listed
  }
  // node_modules are copied as hard links (seconds, no extra space). Never symlink them: pnpm, started
  // by turbo inside the copy, relinks the hidden hoisting folder, and through a symlink it would
  // re-point the real checkout's links into this temp folder. Relative workspace links
  // (`@phone-api/spec -> ../../spec`) land on the copy's own packages, as they should.
  const workspaces = [
    '.',
    'spec',
    ...(await readdir(path.join(repoRoot, 'packages'))).map((p) => `packages/${p}`),
  ];
  for (const ws of workspaces) {
    const modules = path.join(repoRoot, ws, 'node_modules');
    if (!existsSync(modules)) continue;
    const copied = await run('cp', ['-a', '--link', modules, path.join(dir, ws, 'node_modules')]);
    if (copied.code !== 0) throw new Error(`copying ${modules} failed: ${copied.stderr}`);
  }
  // Files pnpm rewrites in place (bin shims, its state files) must not share an inode with the checkout.
  const shared = await run('find', [
    dir,
    '(',
    '-path',
    '*/node_modules/.bin/*',
    '-o',
    '-name',
    '.modules.yaml',
    '-o',
    '-path',
    '*/node_modules/.pnpm/lock.yaml',
    ')',
    '-type',
    'f',
  ]);
  for (const file of shared.stdout.split('\n').filter(Boolean)) {
    const text = await readFile(file);
    await rm(file);
    await writeFile(file, text, {
      mode: (await stat(path.join(repoRoot, path.relative(dir, file))).catch(() => undefined))?.mode ?? 0o755,
    });
  }
  // A git repository, as the checkout is: turbo hashes through git, honouring .gitignore (without it,
  // build outputs count as inputs and nothing is ever a cache hit).
  const git = (...args: string[]) =>
    run('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', ...args], { cwd: dir });
  await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-q', '--no-gpg-sign', '-m', 'copy');
  return dir;
}
