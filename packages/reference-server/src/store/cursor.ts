/**
 * The agents list's keyset cursor: the position after the last item of a page, `(created_at, id)`, opaque
 * to clients (base64url). Without Buffer, so the in-browser mock's handlers can load it; the encoding
 * accepts and refuses exactly what Buffer's did (`fromBase64url`, checked against Buffer).
 */
import { base64url, fromBase64url } from '@phone-api/server/browser';

/** Position in the agents list: the last item of the previous page. */
export interface ListAfter {
  createdAt: Date;
  id: string;
}

const MAX_DATE_MS = 8_640_000_000_000_000;
const CURSOR = /^(\d{1,16})\.(phone_[0-7][0-9a-hjkmnp-tv-z]{25})$/;
const encoder = new TextEncoder();
// Decoded as Buffer#toString did: malformed bytes become U+FFFD (not `fatal`), a BOM is kept.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** An opaque keyset cursor: the (created_at, id) of the last item, base64url. */
export function encodeCursor(createdAt: Date, id: string): string {
  return base64url(encoder.encode(`${createdAt.getTime()}.${id}`));
}

/** The position a cursor names, or `undefined` if it is not one of ours. */
export function decodeCursor(cursor: string): ListAfter | undefined {
  const match = CURSOR.exec(decoder.decode(fromBase64url(cursor)));
  if (!match) return undefined;
  const ms = Number(match[1]);
  // Past JavaScript's last representable date the Date is invalid: PostgreSQL would fail on it (a 500)
  // and SQLite would bind it as NULL (an empty page). Such a cursor was never issued.
  if (ms > MAX_DATE_MS) return undefined;
  return { createdAt: new Date(ms), id: match[2] as string };
}
