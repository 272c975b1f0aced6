import { type Context, type OperationPair, obj, pointerTo, report } from './context.ts';
import { diffDocumentation } from './documentation.ts';
import type { Node } from './resolve.ts';
import type { ChangeKind } from './rules.ts';
import { diffSchema } from './schema.ts';

/** The request body: required or not, media types, and each media type's schema. */
export function diffRequestBody(outer: Context, { baseOp, headOp, pointer }: OperationPair): void {
  const baseRaw = baseOp.requestBody;
  const headRaw = headOp.requestBody;
  if (headRaw === undefined) {
    // Clients that send a body now send one the operation does not document (ignored or refused).
    if (baseRaw !== undefined) {
      report({ ...outer, pointer }, 'request-body-removed', 'request body', 'The request body was removed.');
    }
    return;
  }
  const resolved = outer.head.resolve(headRaw);
  const ctx = { ...outer, pointer: resolved.ref ?? `${pointer}/requestBody` };
  const head = resolved.node;
  if (baseRaw === undefined) {
    if (head.required === true) {
      report(
        ctx,
        'request-body-became-required',
        'request body',
        'The operation now requires a request body.',
      );
    }
    return;
  }
  const base = ctx.base.resolve(baseRaw).node;
  diffDocumentation(ctx, 'Request body', 'request body', base, head);
  if (base.required !== true && head.required === true) {
    report(ctx, 'request-body-became-required', 'request body', 'The request body is now required.');
  }
  diffContent(ctx, obj(base.content), obj(head.content), {
    direction: 'request',
    label: 'request',
    removed: ['request-content-type-removed', (type) => `Request media type ${type} is no longer accepted.`],
    added: ['request-content-type-added', (type) => `Request media type ${type} is now accepted.`],
  });
}

const isSuccess = (status: string) => /^2(\d\d|XX)$/i.test(status);

/** The documented responses: statuses (a moved success code is one change), then each response. */
export function diffResponses(outer: Context, { baseOp, headOp, pointer }: OperationPair): void {
  const base = obj(baseOp.responses);
  const head = obj(headOp.responses);
  const ctx = { ...outer, pointer: `${pointer}/responses` };
  const removed = Object.keys(base).filter((s) => !(s in head));
  const added = Object.keys(head).filter((s) => !(s in base));
  const removedSuccess = removed.filter(isSuccess);
  const addedSuccess = added.filter(isSuccess);
  // 200 -> 201 is one change (the success code moved), not a removal plus an addition.
  if (removedSuccess.length > 0 && addedSuccess.length > 0) {
    report(
      ctx,
      'success-status-changed',
      `response ${removedSuccess.join(',')}`,
      `Success status changed from ${removedSuccess.join(', ')} to ${addedSuccess.join(', ')}.`,
      { before: removedSuccess, after: addedSuccess },
    );
  }
  const pairedSuccess = removedSuccess.length > 0 && addedSuccess.length > 0;
  for (const status of removed) {
    if (pairedSuccess && isSuccess(status)) continue;
    report(
      ctx,
      'response-status-removed',
      `response ${status}`,
      `Response ${status} is no longer documented.`,
    );
  }
  for (const status of added) {
    if (pairedSuccess && isSuccess(status)) continue;
    report(ctx, 'response-status-added', `response ${status}`, `New documented response ${status}.`);
  }
  for (const status of Object.keys(base)) {
    if (!(status in head)) continue;
    const resolved = ctx.head.resolve(head[status]);
    diffResponse(
      { ...ctx, pointer: resolved.ref ?? pointerTo(ctx.pointer, status) },
      status,
      ctx.base.resolve(base[status]).node,
      resolved.node,
    );
  }
}

function diffResponse(ctx: Context, status: string, base: Node, head: Node): void {
  diffDocumentation(ctx, `Response ${status}`, `response ${status}`, base, head);
  const lower = (headers: Node) => new Map(Object.keys(headers).map((h) => [h.toLowerCase(), h]));
  const baseHeaders = lower(obj(base.headers));
  const headHeaders = lower(obj(head.headers));
  for (const [key, name] of baseHeaders) {
    const headName = headHeaders.get(key);
    if (headName === undefined) {
      report(
        ctx,
        'response-header-removed',
        `response ${status} header ${name}`,
        `Response header ${name} was removed.`,
      );
      continue;
    }
    const { node: after, ref } = ctx.head.resolve(obj(head.headers)[headName]);
    const before = ctx.base.resolve(obj(base.headers)[name]).node;
    const header = { ...ctx, pointer: ref ?? pointerTo(ctx.pointer, 'headers', headName) };
    // A header's value is read by clients like a response property: it breaks by widening.
    const label = `response ${status} header ${headName}`;
    diffSchema(
      { ...header, pointer: `${header.pointer}/schema` },
      'response',
      before.schema,
      after.schema,
      label,
      new Set(),
    );
    const wasRequired = before.required === true;
    if (wasRequired !== (after.required === true)) {
      report(
        header,
        wasRequired ? 'response-header-became-optional' : 'response-header-became-required',
        `response ${status} header ${headName}`,
        `Response header ${headName} is ${wasRequired ? 'no longer always sent' : 'now always sent'}.`,
      );
    }
  }
  for (const [key, name] of headHeaders) {
    if (!baseHeaders.has(key)) {
      report(
        { ...ctx, pointer: pointerTo(ctx.pointer, 'headers', name) },
        'response-header-added',
        `response ${status} header ${name}`,
        `New response header ${name}.`,
      );
    }
  }
  diffContent(ctx, obj(base.content), obj(head.content), {
    direction: 'response',
    label: `response ${status}`,
    removed: ['response-content-type-removed', (type) => `Response ${status} no longer returns ${type}.`],
    added: ['response-content-type-added', (type) => `Response ${status} may return ${type}.`],
  });
}

/** One side's media types, as {@link diffContent} names and classifies them. */
interface ContentSide {
  direction: 'request' | 'response';
  /** `request` or `response 200`: the start of every location. */
  label: string;
  removed: [ChangeKind, (type: string) => string];
  added: [ChangeKind, (type: string) => string];
}

/** The media types of a request body or a response: removed, added, and each kept one's schema. */
function diffContent(ctx: Context, base: Node, head: Node, side: ContentSide): void {
  for (const type of Object.keys(base)) {
    const where = `${side.label} ${type}`;
    if (!(type in head)) {
      report(ctx, side.removed[0], where, side.removed[1](type));
      continue;
    }
    const media = { ...ctx, pointer: pointerTo(ctx.pointer, 'content', type) };
    const what = `${where.charAt(0).toUpperCase()}${where.slice(1)}`;
    diffDocumentation(media, what, where, obj(base[type]), obj(head[type]));
    const schema = { ...media, pointer: pointerTo(media.pointer, 'schema') };
    diffSchema(
      schema,
      side.direction,
      obj(base[type]).schema,
      obj(head[type]).schema,
      `${where} body`,
      new Set(),
    );
  }
  for (const type of Object.keys(head)) {
    if (!(type in base)) report(ctx, side.added[0], `${side.label} ${type}`, side.added[1](type));
  }
}
