import { readFile, writeFile } from 'node:fs/promises';
import { isScalar, parseDocument } from 'yaml';

/**
 * Sets `info.version` in the spec's root file, replacing only that scalar's text so comments and
 * formatting (the long `description` block) stay byte for byte.
 */
export async function writeSpecVersion(rootFile: string, version: string): Promise<void> {
  const text = await readFile(rootFile, 'utf8');
  const node = parseDocument(text).getIn(['info', 'version'], true);
  if (!isScalar(node) || !node.range) throw new Error(`${rootFile} has no info.version to update`);
  const [start, end] = node.range;
  await writeFile(rootFile, `${text.slice(0, start)}${version}${text.slice(end)}`);
}
