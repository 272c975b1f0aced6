/**
 * The `Prefer` request header (RFC 7240): `code=404, example="sip_trunk"`, several headers or
 * comma-separated preferences, parameters after `;` ignored. One reader for every preference a server of
 * this API honours (the mock's `code`/`example`/`dynamic`, every mock's `delay`/`fault`).
 */

/** Each preference's value by lowercase name (`''` for a bare token); the last one given wins. */
export function readPreferences(header: string | readonly string[] | undefined): Map<string, string> {
  const prefs = new Map<string, string>();
  if (header === undefined) return prefs;
  for (const value of typeof header === 'string' ? [header] : header) {
    for (const item of value.split(',')) {
      const [pair = ''] = item.split(';');
      const eq = pair.indexOf('=');
      const name = (eq === -1 ? pair : pair.slice(0, eq)).trim().toLowerCase();
      if (name === '') continue;
      const raw = eq === -1 ? '' : pair.slice(eq + 1).trim();
      prefs.set(name, raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw);
    }
  }
  return prefs;
}
