import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';

/** Reads a bundled document (JSON by its extension, else YAML). */
export async function readBundle(path: string): Promise<object> {
  const text = await readFile(path, 'utf8');
  const doc: unknown = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  if (doc === null || typeof doc !== 'object') throw new Error(`${path} is not an OpenAPI document`);
  return doc;
}
