import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runBin } from './tools.ts';

/**
 * Bundles a split OpenAPI document (root file plus `$ref`'d files) into one JSON document with
 * Redocly, the same tool the spec package builds with, and returns it parsed. Runs with the root's
 * folder as cwd so that folder's `redocly.yaml` applies, as in the spec package's own build.
 */
export async function bundleSpec(rootFile: string): Promise<unknown> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'phone-api-bundle-'));
  try {
    const out = path.join(dir, 'openapi.json');
    const result = await runBin('@redocly/cli', 'redocly', ['bundle', path.basename(rootFile), '-o', out], {
      cwd: path.dirname(rootFile),
    });
    if (result.code !== 0) {
      throw new Error(`redocly bundle ${rootFile} failed:\n${result.stderr || result.stdout}`);
    }
    return JSON.parse(await readFile(out, 'utf8')) as unknown;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
