import { readFileSync } from 'node:fs';
import { isMethod } from '@phone-api/openapi';

/** Every operation's summary in a bundle, grouped by tag: what a reference page must show. */
export function expectedOperations(bundle: string): { tag: string; summary: string }[] {
  const doc = JSON.parse(readFileSync(bundle, 'utf8')) as {
    paths: Record<string, Record<string, { summary?: string; tags?: string[] }>>;
  };
  return Object.values(doc.paths).flatMap((item) =>
    Object.entries(item)
      .filter(([method]) => isMethod(method))
      .map(([, op]) => ({ tag: op.tags?.[0] ?? '', summary: op.summary ?? '' })),
  );
}
