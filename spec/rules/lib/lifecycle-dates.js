/**
 * The one reader of the lifecycle dates the spec defines, `x-sunset` and `x-deprecated-at`: the
 * breaking-change gate, the server (its `Deprecation` and `Sunset` headers) and the house rule
 * `deprecated-operation-headers` all import it, so they cannot disagree on what a date is.
 *
 * Accepted: an RFC 3339 full-date (`2027-06-30`, read as 00:00 UTC) or date-time
 * (`2027-06-30T23:00:00-05:00`, `2027-06-30T12:00:00.5Z`), converted to UTC; and a `Date`, which a
 * YAML 1.1 reader makes of an unquoted date. Refused: anything else, including dates and times that do
 * not exist (`2027-02-29`, `24:00:00`), which `Date.parse` would roll over, and leap seconds (`:60`).
 */

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2})))?$/;

/**
 * @typedef {object} LifecycleDate
 * @property {number} ms The instant, in epoch milliseconds (a full-date is 00:00 UTC of that day).
 * @property {string} date The instant's UTC date, `YYYY-MM-DD` (what sunsets are compared by).
 * @property {number} day 00:00 UTC of that date, in epoch milliseconds (what the headers carry).
 */

/**
 * Reads a lifecycle date; `undefined` when the value is not one.
 * @param {unknown} value
 * @returns {LifecycleDate | undefined}
 */
export function parseLifecycleDate(value) {
  if (value instanceof Date) return fromMs(value.getTime());
  if (typeof value !== 'string') return undefined;
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, hh = '00', mi = '00', ss = '00', frac = '', , sign, oh = '00', om = '00'] = m;
  const field = (/** @type {string} */ s) => Number.parseInt(s, 10);
  if (field(hh) > 23 || field(mi) > 59 || field(ss) > 59 || field(oh) > 23 || field(om) > 59)
    return undefined;
  const day = new Date(0);
  day.setUTCFullYear(field(y ?? ''), field(mo ?? '') - 1, field(d ?? ''));
  // A day that does not exist rolls over (2027-02-29 becomes 1 March): the round trip catches it.
  if (day.toISOString().slice(0, 10) !== `${y}-${mo}-${d}`) return undefined;
  const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (field(oh) * 60 + field(om)) * 60_000;
  const fraction = frac === '' ? 0 : Math.floor(Number(`0${frac}`) * 1000);
  const local = day.getTime() + ((field(hh) * 60 + field(mi)) * 60 + field(ss)) * 1000 + fraction;
  return fromMs(local - offset);
}

/**
 * @param {number} ms
 * @returns {LifecycleDate | undefined}
 */
function fromMs(ms) {
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms).toISOString().slice(0, 10);
  return { ms, date, day: Date.parse(`${date}T00:00:00Z`) };
}
