import { getPointer, resolveRef } from '@phone-api/openapi';

/** A JSON object node of an OpenAPI document. */
export type Node = Record<string, unknown>;

/** True for plain JSON objects (not arrays, not null). */
export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Follows local `$ref`s (`#/components/...`) inside one bundled document. A bundle (Redocly) keeps
 * shared components as `$ref`s, so the diff resolves them on demand instead of dereferencing the whole
 * document up front: that keeps recursive schemas finite, and the ref name is kept for matching
 * variants and for cycle detection.
 */
export class Resolver {
  readonly #root: Node;

  constructor(root: Node) {
    this.#root = root;
  }

  /** The document root. */
  get root(): Node {
    return this.#root;
  }

  /**
   * Resolves `value` if it is a `$ref` (following chains of refs), returning the target node and the
   * last ref followed. Unresolvable or external refs resolve to an empty node, which the diff treats
   * as "anything": the gate must not crash on a spec that Redocly already accepted.
   */
  resolve(value: unknown): { node: Node; ref?: string } {
    const { node, ref } = resolveRef(this.#root, value);
    return { node: isNode(node) ? node : {}, ...(ref === undefined ? {} : { ref }) };
  }

  /** Reads a local JSON pointer (`#/a/b~1c`); `undefined` for anything else. */
  pointer(ref: string): unknown {
    return ref === '#' || ref.startsWith('#/') ? getPointer(this.#root, ref) : undefined;
  }
}
