import { type Context, type OperationPair, report } from './context.ts';
import { isNode, type Node } from './resolve.ts';

/** The servers an operation is reached at: its own, else its path's, else the document's (OpenAPI's rule). */
function effectiveServers(
  root: Node,
  item: Node,
  op: Node,
  pointer: string,
): { urls: string[]; pointer: string } {
  const itemPointer = pointer.slice(0, pointer.lastIndexOf('/'));
  const [list, at] = Array.isArray(op.servers)
    ? [op.servers, `${pointer}/servers`]
    : Array.isArray(item.servers)
      ? [item.servers, `${itemPointer}/servers`]
      : [Array.isArray(root.servers) ? root.servers : [], '#/servers'];
  // A trailing slash does not change where requests go.
  const urls = list.flatMap((s) =>
    isNode(s) && typeof s.url === 'string' ? [s.url.replace(/\/+$/, '')] : [],
  );
  return { urls, pointer: at };
}

/**
 * An operation's servers (regional ones included): a removed URL breaks clients configured with it
 * and removes a region from the SDK's generated server table; a new one is additive.
 */
export function diffServers(
  outer: Context,
  { baseItem, baseOp, headItem, headOp, pointer }: OperationPair,
): void {
  const before = effectiveServers(outer.base.root, baseItem, baseOp, pointer);
  const after = effectiveServers(outer.head.root, headItem, headOp, pointer);
  const ctx = { ...outer, pointer: after.pointer };
  for (const url of before.urls.filter((u) => !after.urls.includes(u))) {
    report(ctx, 'server-removed', `server ${url}`, `Server ${url} no longer serves this operation.`);
  }
  for (const url of after.urls.filter((u) => !before.urls.includes(u))) {
    report(ctx, 'server-added', `server ${url}`, `New server ${url} for this operation.`);
  }
}
