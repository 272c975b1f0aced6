import { type Context, type OperationPair, obj, pointerTo, report } from './context.ts';
import type { Node } from './resolve.ts';

function requirementKeys(op: Node, root: Node): Set<string> {
  const list = Array.isArray(op.security) ? op.security : Array.isArray(root.security) ? root.security : [];
  const keys = new Set<string>();
  for (const requirement of list) {
    const entries = Object.entries(obj(requirement))
      .map(
        ([name, scopes]) =>
          `${name}${Array.isArray(scopes) && scopes.length > 0 ? `[${[...scopes].sort().join(',')}]` : ''}`,
      )
      .sort();
    keys.add(entries.length === 0 ? '(none)' : entries.join(' + '));
  }
  return keys;
}

/** An operation's accepted security requirements (its own, else the document's). */
export function diffSecurity(outer: Context, { baseOp, headOp, pointer }: OperationPair): void {
  const ctx = { ...outer, pointer: Array.isArray(headOp.security) ? `${pointer}/security` : '#/security' };
  const before = requirementKeys(baseOp, ctx.base.root);
  const after = requirementKeys(headOp, ctx.head.root);
  const describe = (set: Set<string>) => (set.size === 0 ? 'no security' : [...set].join(' | '));
  // Anonymous access (`{}`) in the new spec accepts every old client.
  const openNow = after.size === 0 || after.has('(none)');
  const lost = openNow ? [] : before.size === 0 ? ['(none)'] : [...before].filter((k) => !after.has(k));
  const scopes = scopeChanges(before, after);
  if (lost.length > 0 && scopes.length === lost.length) {
    // Only scope lists moved: say so, since fewer scopes are looser and more are stricter.
    const added = scopes.filter((s) => s.added.length > 0);
    if (added.length > 0) {
      const list = added.map((s) => `${s.schemes} +${s.added.join(' +')}`).join('; ');
      report(ctx, 'security-scopes-added', 'security', `Security now needs more scopes (${list}).`, {
        after: list,
      });
    } else {
      const list = scopes.map((s) => `${s.schemes} -${s.removed.join(' -')}`).join('; ');
      report(ctx, 'security-scopes-removed', 'security', `Security needs fewer scopes (${list}).`, {
        after: list,
      });
    }
  } else if (lost.length > 0) {
    report(
      ctx,
      'security-changed',
      'security',
      `Security changed from ${describe(before)} to ${describe(after)}.`,
      { before: [...before], after: [...after] },
    );
  } else if ([...after].some((k) => !before.has(k)) && before.size > 0) {
    report(
      ctx,
      'security-alternative-added',
      'security',
      `Security now also accepts ${[...after].filter((k) => !before.has(k)).join(' | ')}.`,
      { after: [...after].filter((k) => !before.has(k)) },
    );
  }
}

/**
 * Requirements lost from `before` whose schemes are still required in `after`, with other scopes:
 * `bearerAuth[read]` -> `bearerAuth[read,write]`. Only pairs that match one to one count.
 */
function scopeChanges(before: Set<string>, after: Set<string>) {
  const parse = (key: string) =>
    key.split(' + ').map((part) => {
      const m = /^([^[]+)(?:\[(.*)\])?$/.exec(part);
      return { scheme: m?.[1] ?? part, scopes: m?.[2] ? m[2].split(',') : [] };
    });
  const schemesOf = (key: string) =>
    parse(key)
      .map((p) => p.scheme)
      .join(' + ');
  const scopesOf = (key: string) => parse(key).flatMap((p) => p.scopes.map((s) => `${p.scheme}:${s}`));
  const gained = [...after].filter((k) => !before.has(k));
  return [...before]
    .filter((k) => !after.has(k))
    .flatMap((old) => {
      const next = gained.filter((k) => schemesOf(k) === schemesOf(old));
      if (next.length !== 1) return [];
      const was = scopesOf(old);
      const now = scopesOf(next[0] as string);
      return [
        {
          schemes: schemesOf(old),
          added: now.filter((s) => !was.includes(s)),
          removed: was.filter((s) => !now.includes(s)),
        },
      ];
    });
}

/** Security schemes both sides define: a change in how credentials are sent breaks every client. */
export function diffSecuritySchemes(ctx: Context): void {
  const baseSchemes = obj(obj(ctx.base.root.components).securitySchemes);
  const headSchemes = obj(obj(ctx.head.root.components).securitySchemes);
  for (const name of Object.keys(baseSchemes)) {
    if (!(name in headSchemes)) continue; // removal is reported per operation as security-changed
    const before = ctx.base.resolve(baseSchemes[name]).node;
    const after = ctx.head.resolve(headSchemes[name]).node;
    for (const field of ['type', 'scheme', 'in', 'name', 'openIdConnectUrl']) {
      const b = normalizeSchemeField(field, before[field]);
      const a = normalizeSchemeField(field, after[field]);
      if (b !== a) {
        report(
          { ...ctx, pointer: pointerTo('#/components/securitySchemes', name, field) },
          'security-scheme-changed',
          `securitySchemes.${name}.${field}`,
          `Security scheme ${name}: ${field} changed from ${String(b)} to ${String(a)}.`,
          { before: b ?? null, after: a ?? null },
        );
      }
    }
  }
}

// HTTP auth scheme names and header names are case-insensitive on the wire.
function normalizeSchemeField(field: string, value: unknown): unknown {
  return typeof value === 'string' && (field === 'scheme' || field === 'name') ? value.toLowerCase() : value;
}
