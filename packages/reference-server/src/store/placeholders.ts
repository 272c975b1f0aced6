/**
 * The store writes every query with PostgreSQL's `$n` placeholders. SQLite binds its anonymous `?` in order
 * faster than named parameters (`$n` is a named parameter to SQLite, looked up by name on every bind), so
 * the embedded database rewrites each text once ({@link positional}) and binds every call's values by
 * position ({@link bind}).
 */

/**
 * A query's `$n` placeholders as SQLite's anonymous `?`, and which parameter each one takes (a `$n` may
 * appear twice, or out of order). Quoted strings, quoted identifiers and comments are copied as they are.
 */
export function positional(text: string): { sql: string; order: number[] } {
  let sql = '';
  const order: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "'" || c === '"') {
      let end = i + 1;
      while (end < text.length && !(text[end] === c && text[end + 1] !== c)) end += text[end] === c ? 2 : 1;
      sql += text.slice(i, end + 1);
      i = end + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      sql += text.slice(i, stop);
      i = stop;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      sql += text.slice(i, stop);
      i = stop;
    } else if (c === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
      let end = i + 1;
      while (end < text.length && /[0-9]/.test(text[end] as string)) end++;
      order.push(Number(text.slice(i + 1, end)) - 1);
      sql += '?';
      i = end;
    } else {
      sql += c;
      i++;
    }
  }
  return { sql, order };
}

/**
 * The values for a statement's `?`s, in `order`. SQLite binds numbers, strings, bigints, buffers and null:
 * dates become epoch milliseconds, booleans 0/1, arrays and objects JSON (the columns that hold them are
 * JSON text). A placeholder without a value is an error, as a missing named parameter was.
 */
export function bind(params: unknown[] | undefined, order: number[]): unknown[] {
  const bound = new Array<unknown>(order.length);
  for (let k = 0; k < order.length; k++) {
    const index = order[k] as number;
    if (index < 0) throw new RangeError('placeholders are numbered from $1');
    if (params === undefined || index >= params.length)
      throw new RangeError(`no value for placeholder $${index + 1}`);
    const value = params[index];
    bound[k] =
      value instanceof Date
        ? value.getTime()
        : typeof value === 'boolean'
          ? Number(value)
          : value === undefined
            ? null
            : typeof value === 'object' && value !== null && !Buffer.isBuffer(value)
              ? JSON.stringify(value)
              : value;
  }
  return bound;
}
