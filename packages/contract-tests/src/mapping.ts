import type { OpenApiDocument } from './spec.ts';

/** How the agents surface's `source` and the convai surface's `provider` correspond, as the spec states it. */
export interface SourceProviderMapping {
  /** Every agents `source` -> the `provider` the convai surface shows for it. */
  providerOfSource: Record<string, string>;
  /** Every convai `provider` -> the `source` a number created on the convai surface gets. */
  sourceOfProvider: Record<string, string>;
}

/**
 * Reads the source/provider mapping from the spec's `info.description`, where the contract states it in
 * prose: a table of `` | `source` | `provider` | notes | `` rows, and one sentence of
 * `` `provider` -> `source` `` pairs for convai-created numbers. Throws when either part is missing, so a
 * rewording of the prose fails loudly instead of leaving the cross-surface checks without expectations.
 */
export function sourceProviderMapping(doc: OpenApiDocument): SourceProviderMapping {
  const text = String((doc.info as { description?: unknown } | undefined)?.description ?? '');
  const section = text.split(/^## /m).find((s) => /maps to/i.test(s.split('\n')[0] ?? ''));
  if (!section) throw new Error('info.description has no "## How `source` maps to `provider`" section');
  const providerOfSource: Record<string, string> = {};
  for (const [, source, provider] of section.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*`([a-z_]+)`\s*\|/gm)) {
    providerOfSource[source as string] = provider as string;
  }
  const sourceOfProvider: Record<string, string> = {};
  for (const [, provider, source] of section.matchAll(/`([a-z_]+)`\s*->\s*`([a-z_]+)`/g)) {
    sourceOfProvider[provider as string] = source as string;
  }
  if (Object.keys(providerOfSource).length === 0 || Object.keys(sourceOfProvider).length === 0) {
    throw new Error('info.description states no source -> provider table or provider -> source pairs');
  }
  return { providerOfSource, sourceOfProvider };
}
