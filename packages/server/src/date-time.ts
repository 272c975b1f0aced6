/**
 * The `date-time` format (RFC 3339 section 5.6) with exactly the answers of ajv-formats' full mode, which
 * `test/date-time.test.ts` checks on hand-picked and generated strings. Written out because ajv-formats
 * splits the text and runs two regexes with capture groups per value (about 0.4 µs and 700 bytes each),
 * and every phone number in a checked reply carries two: a scan of the characters allocates nothing.
 */

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// ajv-formats splits date and time at `t` or at any `\s`, so every JavaScript whitespace separates them.
const WHITESPACE = /^\s$/;

/** Whether `text` is a `date-time` as ajv-formats' full mode judges it (a time zone is required). */
export function isDateTime(text: string): boolean {
  // yyyy-mm-dd, one separator, hh:mm:ss, a zone: 20 characters at the least.
  if (text.length < 20 || !isDate(text)) return false;
  const separator = text.charCodeAt(10);
  if (separator !== 84 && separator !== 116 && !WHITESPACE.test(text.charAt(10))) return false;
  return isTime(text);
}

function digit(text: string, at: number): number {
  const code = text.charCodeAt(at) - 48;
  return code >= 0 && code <= 9 ? code : -1;
}

/** Two digits at `at` as a number, or -1. */
function twoDigits(text: string, at: number): number {
  const tens = digit(text, at);
  const ones = digit(text, at + 1);
  return tens < 0 || ones < 0 ? -1 : tens * 10 + ones;
}

function isDate(text: string): boolean {
  const century = twoDigits(text, 0);
  const yearInCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (century < 0 || yearInCentury < 0 || month < 1 || month > 12 || day < 1) return false;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const year = century * 100 + yearInCentury;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS[month] as number));
}

/** The time from offset 11: `hh:mm:ss`, an optional fraction, then `Z` or `±hh`, `±hhmm`, `±hh:mm`. */
function isTime(text: string): boolean {
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const whole = twoDigits(text, 17);
  if (hour < 0 || minute < 0 || whole < 0) return false;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return false;
  let at = 19;
  if (text.charCodeAt(at) === 46) {
    at++;
    if (digit(text, at) < 0) return false;
    while (digit(text, at) >= 0) at++;
  }
  // The seconds as a number, as ajv-formats reads them: a long fraction can round up to the next second.
  const second = at === 19 ? whole : Number(text.slice(17, at));
  const zone = text.charCodeAt(at);
  let sign = 1;
  let zoneHour = 0;
  let zoneMinute = 0;
  if (zone === 90 || zone === 122) {
    if (at + 1 !== text.length) return false;
  } else if (zone === 43 || zone === 45) {
    sign = zone === 45 ? -1 : 1;
    zoneHour = twoDigits(text, at + 1);
    if (zoneHour < 0) return false;
    let rest = at + 3;
    if (rest < text.length) {
      if (text.charCodeAt(rest) === 58) rest++;
      zoneMinute = twoDigits(text, rest);
      if (zoneMinute < 0 || rest + 2 !== text.length) return false;
    }
    if (zoneHour > 23 || zoneMinute > 59) return false;
  } else return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  // A leap second: 23:59:60 in UTC, whatever the zone it is written in.
  const utcMinute = minute - zoneMinute * sign;
  const utcHour = hour - zoneHour * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
}
