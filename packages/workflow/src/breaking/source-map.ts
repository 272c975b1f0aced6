import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePointer } from '@phone-api/openapi';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';

/** A place in the split spec sources: file relative to the repository root, 1-based line. */
export interface SourcePlace {
  file: string;
  line: number;
}

/**
 * Maps JSON pointers of the bundle back to the split sources a reviewer edits, by the repository's
 * layout rules (CONVENTIONS.md): `#/components/<kind>/<Name>` lives in `components/<kind>/<Name>.yaml`,
 * `#/paths/<path>` in the file the root's `paths` entry `$ref`s, anything else in the root file. The
 * line is the deepest part of the pointer the file still has (a removed property points at its parent).
 */
export class SourceMap {
  readonly #repoRoot: string;
  readonly #specDir: string;
  readonly #files = new Map<string, { doc: ReturnType<typeof parseDocument>; lines: LineCounter } | null>();

  constructor(repoRoot: string, specDir: string) {
    this.#repoRoot = repoRoot;
    this.#specDir = specDir;
  }

  /** The source file and line of a bundle pointer, if its file exists. */
  place(pointer: string | undefined): SourcePlace | undefined {
    const segments = parsePointer(pointer ?? '#');
    const [top, group, name] = segments;
    if (top === 'components' && group !== undefined && name !== undefined) {
      const file = path.join(this.#specDir, 'components', group, `${name}.yaml`);
      if (existsSync(path.join(this.#repoRoot, file))) return this.#line(file, segments.slice(3));
    }
    const root = path.join(this.#specDir, 'openapi.yaml');
    if (top === 'paths' && group !== undefined) {
      const ref = this.#load(root)?.doc.getIn(['paths', group, '$ref']);
      if (typeof ref === 'string' && !ref.startsWith('#')) {
        return this.#line(path.join(this.#specDir, ref), segments.slice(2));
      }
    }
    return this.#line(root, segments);
  }

  #line(file: string, segments: string[]): SourcePlace | undefined {
    const loaded = this.#load(file);
    if (!loaded) return undefined;
    let node: unknown = loaded.doc.contents;
    let offset = 0;
    for (const segment of segments) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
        if (!pair) break;
        offset = (pair.key as YamlNode).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)] as YamlNode | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    return { file: file.split(path.sep).join('/'), line: loaded.lines.linePos(offset).line };
  }

  #load(file: string) {
    if (!this.#files.has(file)) {
      const full = path.join(this.#repoRoot, file);
      const lines = new LineCounter();
      this.#files.set(
        file,
        existsSync(full)
          ? { doc: parseDocument(readFileSync(full, 'utf8'), { lineCounter: lines }), lines }
          : null,
      );
    }
    return this.#files.get(file) ?? undefined;
  }
}
