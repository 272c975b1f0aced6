/**
 * ajv errors -> the surfaces' error shapes: the issues of a request's parameters and body (combinator noise
 * dropped, a union body judged against the one branch the client meant), and the validation reply that
 * lists them, as `error.fields` (agents) or `detail` items (convai).
 */
import { parsePointer } from '@phone-api/openapi';
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { CompiledOperation, UnionBranch, UnionBranches } from './compile.ts';
import { describe, fieldPath, type Issue, printableValue } from './describe.ts';
import { errorReply, type Reply } from './errors.ts';

// JSON can carry a lone UTF-16 surrogate as a `\uD800`-style escape (raw UTF-8 cannot: such bytes decode to
// U+FFFD). Such a string passes every schema pattern but is not text: PostgreSQL's jsonb refuses it (a 500)
// and UTF-8 storage mangles it. Only bodies with such an escape are walked, so others pay one regex test.
export const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const UNPAIRED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A validation issue for every string (or property name) holding an unpaired surrogate. */
export function unpairedSurrogates(value: unknown, loc: (string | number)[]): Issue[] {
  const issue = (at: (string | number)[]): Issue => ({
    loc: at,
    message: 'must be well-formed Unicode text (it holds an unpaired UTF-16 surrogate escape)',
    msg: 'String should be well-formed Unicode text, without an unpaired surrogate',
    type: 'string_unicode',
  });
  if (typeof value === 'string') return UNPAIRED.test(value) ? [issue(loc)] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => unpairedSurrogates(item, [...loc, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) =>
      UNPAIRED.test(key) ? [issue([...loc, key])] : unpairedSurrogates(item, [...loc, key]),
    );
  }
  return [];
}

export function missingBody(): Issue {
  return { loc: ['body'], message: 'request body is required', msg: 'Field required', type: 'missing' };
}

/** The surface's validation reply listing `issues` (convai: one item per location and type). */
export function validationReply(c: CompiledOperation, issues: Issue[], requestId: string): Reply {
  if (c.model.surface === 'convai') {
    const seen = new Set<string>();
    const details = issues.filter((i) => {
      const key = `${JSON.stringify(i.loc)}|${i.type}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return errorReply('validation_failed', 'convai', requestId, { issues: details });
  }
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = fieldPath(issue.loc);
    if (!(key in fields)) fields[key] = issue.message;
  }
  return errorReply('validation_failed', 'agents', requestId, { fields });
}

/** The issues of the `{ path, query, header }` parameter validator's errors, named as the spec declares them. */
export function paramIssues(c: CompiledOperation, errors: ErrorObject[]): Issue[] {
  const issues: Issue[] = [];
  for (const error of reduce(errors)) {
    // instancePath is /<group>/<name>[/...]; a required error names the parameter in params.
    const [group, ...rest] = parsePointer(error.instancePath);
    const location = group === 'header' ? 'header' : group === 'path' ? 'path' : 'query';
    if (rest.length === 0 && error.keyword === 'required') {
      const name = String(error.params.missingProperty);
      const declared =
        location === 'header' ? (c.header.find((p) => p.name.toLowerCase() === name)?.name ?? name) : name;
      issues.push({
        loc: [location, declared],
        message: `${declared} is required`,
        msg: 'Field required',
        type: 'missing',
      });
      continue;
    }
    const [name, ...inner] = rest;
    const declared =
      location === 'header'
        ? (c.header.find((p) => p.name.toLowerCase() === name)?.name ?? String(name))
        : String(name);
    issues.push(describe(error, [location, declared, ...inner], undefined, c));
  }
  return issues;
}

/** The issues of a body that failed its schema; a union body is judged against the branch the client meant. */
export function bodyIssues(c: CompiledOperation, body: unknown, errors: ErrorObject[]): Issue[] {
  let chosen = errors;
  if (c.bodyUnion && body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const meant = meantBranch(c.bodyUnion, body as Record<string, unknown>);
    if (meant && 'loc' in meant) return [meant];
    if (meant && !meant.validate(body)) chosen = meant.validate.errors ?? [];
  }
  return reduce(chosen).map((error) =>
    describe(error, ['body', ...parsePointer(error.instancePath)], body, c),
  );
}

/**
 * The branch of a union body the client meant: the one its tag names, else the spec's own verdict, else
 * the one it came closest to. A tag no branch has is an issue of its own.
 */
function meantBranch(union: UnionBranches, record: Record<string, unknown>): UnionBranch | Issue | undefined {
  for (const [tag, values] of union.tagValues) {
    if (!(tag in record)) continue;
    const index = values.indexOf(record[tag]);
    if (index === -1) {
      const allowed = values.map((v) => `'${String(v)}'`);
      return {
        loc: ['body', tag],
        message: `${tag} must be one of: ${values.join(', ')}`,
        msg: `Input tag '${printableValue(record[tag])}' found using '${tag}' does not match any of the expected tags: ${allowed.join(', ')}`,
        type: 'union_tag_invalid',
      };
    }
    const tagged = union.branches[index];
    if (tagged) return tagged;
    break;
  }
  const selected = union.select?.(record);
  if (selected) return selected;
  // No tag and no chain: the branch the body came closest to is the one the client meant.
  let best = Number.POSITIVE_INFINITY;
  let closest: UnionBranch | undefined;
  for (const candidate of union.branches) {
    candidate.validate(record);
    const count = reduce(candidate.validate.errors ?? []).length;
    if (count < best) {
      best = count;
      closest = candidate;
    }
  }
  return closest;
}

/**
 * Drops the noise of combinators: the `oneOf`/`anyOf`/`if` summary when a branch error explains it, the
 * `must be null` of nullable `oneOf: [X, null]` when X's own error is there, and propertyNames internals.
 */
function reduce(errors: ErrorObject[]): ErrorObject[] {
  const kept = errors.filter((e) => e.keyword !== 'if' && !(e as { propertyName?: string }).propertyName);
  const explained = (e: ErrorObject) =>
    kept.some(
      (o) =>
        o !== e &&
        o.keyword !== 'oneOf' &&
        o.keyword !== 'anyOf' &&
        !(o.keyword === 'type' && o.params.type === 'null') &&
        (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)),
    );
  const out: ErrorObject[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    const summary = e.keyword === 'oneOf' || e.keyword === 'anyOf';
    const nullBranch = e.keyword === 'type' && e.params.type === 'null';
    if ((summary || nullBranch) && explained(e)) continue;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}
