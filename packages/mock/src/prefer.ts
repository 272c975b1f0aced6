/** The response a client asked for with the `Prefer` header (Prism's conventions). */
export interface Preferences {
  /** `Prefer: code=404`: the documented status to answer with. */
  code?: number;
  /** `Prefer: example=sip_trunk`: the named example of that response. */
  example?: string;
  /** `Prefer: dynamic=true|false`: generated data instead of the static example (or back). */
  dynamic?: boolean;
}

/**
 * Parses `Prefer` header values such as `code=404, example="sip_trunk", dynamic=true` (RFC 7240 syntax,
 * several headers or comma-separated preferences). Unknown preferences and values that do not parse are
 * dropped: RFC 7240 lets a server ignore what it cannot honour, and the mock then serves its default.
 */
export function parsePrefer(header: string | string[] | undefined): Preferences {
  const prefs: Preferences = {};
  if (header === undefined) return prefs;
  const values = Array.isArray(header) ? header : [header];
  for (const value of values) {
    for (const item of value.split(',')) {
      // Parameters after `;` qualify a preference; none of ours takes any.
      const [pair = ''] = item.split(';');
      const eq = pair.indexOf('=');
      const name = (eq === -1 ? pair : pair.slice(0, eq)).trim().toLowerCase();
      const raw = eq === -1 ? '' : pair.slice(eq + 1).trim();
      const val = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
      if (name === 'code' && /^[1-5]\d\d$/.test(val)) prefs.code = Number(val);
      else if (name === 'example' && val !== '') prefs.example = val;
      else if (name === 'dynamic' && (val === 'true' || val === 'false')) prefs.dynamic = val === 'true';
    }
  }
  return prefs;
}
