/**
 * E.164 phone numbers as the API stores them: `+`, a country code (first digit 1-9), the subscriber number,
 * at most 15 digits in all (ITU-T E.164), e.g. `+12025551234`.
 */

/** An E.164 string, e.g. `+12025551234`. */
export type E164 = `+${string}`;

const E164_RE = /^\+[1-9][0-9]{1,14}$/;
const FORM = 'expected "+", a country code and the subscriber number, at most 15 digits, e.g. +12025551234';

/** Thrown for input that is not (and cannot be normalised to) an E.164 number. */
export class InvalidE164Error extends TypeError {
  override name = 'InvalidE164Error';
}

/** Whether `input` is already in strict E.164 form (what the API accepts). */
export function isE164(input: unknown): input is E164 {
  return typeof input === 'string' && E164_RE.test(input);
}

/** What is wrong with `value` as strict E.164, or undefined when nothing is. */
function problemOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return `not a string but ${typeof value}`;
  if (value === '') return 'empty';
  if (!value.startsWith('+')) return 'does not start with "+"';
  const digits = value.slice(1);
  const stray = /[^0-9]/.exec(digits);
  if (stray) return `character "${stray[0]}" at position ${stray.index + 2} is not a digit`;
  if (digits.startsWith('0')) return 'a country code never starts with 0';
  if (digits.length < 2) return 'too short';
  if (digits.length > 15) return `${digits.length} digits, more than the 15 E.164 allows`;
  return undefined;
}

function message(input: unknown, why: string, normalised?: string): string {
  const shown = typeof input === 'string' ? JSON.stringify(input) : String(input);
  const after = normalised === undefined ? '' : ` (without formatting: ${JSON.stringify(normalised)})`;
  return `Invalid E.164 number ${shown}${after}: ${why}; ${FORM}`;
}

/** Why `input` is not strict E.164, or undefined when it is. */
export function checkE164(input: unknown): string | undefined {
  const why = problemOf(input);
  return why === undefined ? undefined : message(input, why);
}

/**
 * Normalises a human-typed international number to E.164: drops spaces, dots, dashes, slashes and
 * parentheses, and turns a leading `00` international prefix into `+`. It does not guess a country: a number
 * without `+` or `00` is rejected, because adding a country code needs knowledge of national dialling plans.
 * @throws InvalidE164Error saying what is wrong.
 */
export function normalizeE164(input: string): E164 {
  if (typeof input !== 'string')
    throw new InvalidE164Error(message(input, problemOf(input) ?? 'not a string'));
  let compact = input.trim().replace(/[\s.\-/()\u00a0]/g, '');
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
  const why = problemOf(compact);
  if (why !== undefined)
    throw new InvalidE164Error(message(input, why, compact === input ? undefined : compact));
  return compact as E164;
}
