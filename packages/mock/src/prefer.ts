import { readPreferences } from '@phone-api/server';

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
 * The mock's preferences among a request's `Prefer` values (`code=404, example="sip_trunk", dynamic=true`).
 * Unknown preferences and values that do not parse are dropped: RFC 7240 lets a server ignore what it
 * cannot honour, and the mock then serves its default.
 */
export function parsePrefer(header: string | string[] | undefined): Preferences {
  const given = readPreferences(header);
  const prefs: Preferences = {};
  const code = given.get('code');
  const example = given.get('example');
  const dynamic = given.get('dynamic');
  if (code !== undefined && /^[1-5]\d\d$/.test(code)) prefs.code = Number(code);
  if (example !== undefined && example !== '') prefs.example = example;
  if (dynamic === 'true' || dynamic === 'false') prefs.dynamic = dynamic === 'true';
  return prefs;
}
