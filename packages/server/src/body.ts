import type { IncomingMessage } from 'node:http';

/** A body read to its end, or `'too_large'` when it passed the byte limit. */
export type BodyRead = Buffer | 'too_large';

/**
 * Reads a request body with a byte limit. Resolves `'too_large'` as soon as the limit is passed: at once
 * when `Content-Length` already says so (nothing is read), otherwise on the chunk that crosses it (nothing
 * more is buffered; the stream is paused and left to the caller, which should close the connection).
 * A request without a body resolves an empty buffer.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => readBodyThen(req, maxBytes, resolve, reject));
}

/**
 * {@link readBody} with callbacks, for the node adapter: exactly one of `done` and `failed` is called, once
 * (synchronously when nothing needs reading). A promise there cost every request with a body an allocation
 * and a turn of the microtask queue.
 */
export function readBodyThen(
  req: IncomingMessage,
  maxBytes: number,
  done: (body: BodyRead) => void,
  failed: (error: Error) => void,
): void {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    done('too_large');
    return;
  }
  if (req.readableEnded) {
    done(Buffer.alloc(0));
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const cleanup = () => {
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
    req.off('aborted', onAborted);
  };
  const onData = (chunk: Buffer) => {
    if (settled) return;
    size += chunk.length;
    if (size > maxBytes) {
      settled = true;
      cleanup();
      req.pause();
      chunks.length = 0;
      done('too_large');
      return;
    }
    chunks.push(chunk);
  };
  // After 'end' the request emits no more data, and a late 'error' or 'aborted' finds the read settled:
  // the listeners are left to go with the request (removing four listeners was a measurable part of
  // every request with a body).
  const onEnd = () => {
    if (settled) return;
    settled = true;
    done(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
  };
  const onError = (error: Error) => {
    if (settled) return;
    settled = true;
    cleanup();
    failed(error);
  };
  const onAborted = () => onError(new Error('request aborted'));
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onError);
  req.on('aborted', onAborted);
}

/**
 * The character offset of the first syntax error in `text`, for `JSON.parse` failures. Node 20's messages
 * carry a position only for some errors ("Unexpected token 'x', ... is not valid JSON" has none), and the
 * convai surface reports it as `loc: ["body", <position>]`. Runs only on the error path.
 */
export function jsonErrorOffset(text: string): number {
  const cursor: Cursor = { text, i: 0 };
  if (!scanValue(cursor, 0)) return Math.min(cursor.i, text.length);
  skipWhitespace(cursor);
  return cursor.i;
}

/**
 * A hand-written JSON scanner over one cursor: each `scan*` step advances `i` past what it read and
 * returns false with `i` at the offending offset, which is all {@link jsonErrorOffset} needs.
 */
interface Cursor {
  text: string;
  i: number;
}

/** The scan stops at this nesting depth, so the recursion below stays bounded whatever the body. */
const MAX_DEPTH = 512;

function skipWhitespace(c: Cursor): void {
  while (c.i < c.text.length) {
    const code = c.text.charCodeAt(c.i);
    if (code === 32 || code === 9 || code === 10 || code === 13) c.i++;
    else break;
  }
}

function scanValue(c: Cursor, depth: number): boolean {
  skipWhitespace(c);
  if (depth > MAX_DEPTH) return false;
  const ch = c.text[c.i];
  if (ch === '{') return scanObject(c, depth);
  if (ch === '[') return scanArray(c, depth);
  if (ch === '"') return scanString(c);
  if (ch === 't') return scanLiteral(c, 'true');
  if (ch === 'f') return scanLiteral(c, 'false');
  if (ch === 'n') return scanLiteral(c, 'null');
  if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return scanNumber(c);
  return false;
}

function scanObject(c: Cursor, depth: number): boolean {
  c.i++; // {
  skipWhitespace(c);
  if (c.text[c.i] === '}') return close(c);
  for (;;) {
    skipWhitespace(c);
    if (c.text[c.i] !== '"' || !scanString(c)) return false;
    skipWhitespace(c);
    if (c.text[c.i] !== ':') return false;
    c.i++;
    if (!scanValue(c, depth + 1)) return false;
    skipWhitespace(c);
    if (c.text[c.i] === ',') c.i++;
    else if (c.text[c.i] === '}') return close(c);
    else return false;
  }
}

function scanArray(c: Cursor, depth: number): boolean {
  c.i++; // [
  skipWhitespace(c);
  if (c.text[c.i] === ']') return close(c);
  for (;;) {
    if (!scanValue(c, depth + 1)) return false;
    skipWhitespace(c);
    if (c.text[c.i] === ',') c.i++;
    else if (c.text[c.i] === ']') return close(c);
    else return false;
  }
}

/** Steps over a closing bracket. */
function close(c: Cursor): true {
  c.i++;
  return true;
}

function scanString(c: Cursor): boolean {
  c.i++; // opening quote
  while (c.i < c.text.length) {
    const code = c.text.charCodeAt(c.i);
    if (code === 34) {
      c.i++;
      return true;
    }
    if (code < 32) return false;
    if (code !== 92) c.i++;
    else if (!scanEscape(c)) return false;
  }
  return false;
}

/** An escape after its backslash: `u` and four hex digits, or one of `" \ / b f n r t`. */
function scanEscape(c: Cursor): boolean {
  c.i++; // backslash
  const e = c.text[c.i];
  if (e === 'u') {
    for (let k = 1; k <= 4; k++) {
      if (!/[0-9a-fA-F]/.test(c.text[c.i + k] ?? '')) {
        c.i += k;
        return false;
      }
    }
    c.i += 5;
    return true;
  }
  if (e !== undefined && '"\\/bfnrt'.includes(e)) {
    c.i++;
    return true;
  }
  return false;
}

function scanLiteral(c: Cursor, word: string): boolean {
  for (let k = 0; k < word.length; k++, c.i++) if (c.text[c.i] !== word[k]) return false;
  return true;
}

function scanNumber(c: Cursor): boolean {
  if (c.text[c.i] === '-') c.i++;
  if (c.text[c.i] === '0') c.i++;
  else if (!scanDigits(c)) return false;
  if (c.text[c.i] === '.') {
    c.i++;
    if (!scanDigits(c)) return false;
  }
  if (c.text[c.i] === 'e' || c.text[c.i] === 'E') {
    c.i++;
    if (c.text[c.i] === '+' || c.text[c.i] === '-') c.i++;
    if (!scanDigits(c)) return false;
  }
  return true;
}

/** One or more digits. */
function scanDigits(c: Cursor): boolean {
  const start = c.i;
  while (c.i < c.text.length && c.text.charCodeAt(c.i) >= 48 && c.text.charCodeAt(c.i) <= 57) c.i++;
  return c.i > start;
}
