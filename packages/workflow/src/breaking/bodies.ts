import { type Context, type OperationPair, obj, pointerTo, report } from './context.ts';
import { diffDocumentation } from './documentation.ts';
import type { Node } from './resolve.ts';
import { diffSchema } from './schema.ts';

/** The request body: required or not, media types, and each media type's schema. */
export function diffRequestBody(outer: Context, { baseOp, headOp, pointer }: OperationPair): void {
  const baseRaw = baseOp.requestBody;
  const headRaw = headOp.requestBody;
  if (headRaw === undefined) return;
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
  const baseContent = obj(base.content);
  const headContent = obj(head.content);
  for (const type of Object.keys(baseContent)) {
    if (!(type in headContent)) {
      report(
        ctx,
        'request-content-type-removed',
        `request ${type}`,
        `Request media type ${type} is no longer accepted.`,
      );
      continue;
    }
    const media = { ...ctx, pointer: pointerTo(ctx.pointer, 'content', type) };
    diffDocumentation(
      media,
      `Request ${type}`,
      `request ${type}`,
      obj(baseContent[type]),
      obj(headContent[type]),
    );
    diffSchema(
      { ...ctx, pointer: pointerTo(ctx.pointer, 'content', type, 'schema') },
      'request',
      obj(baseContent[type]).schema,
      obj(headContent[type]).schema,
      `request ${type} body`,
      new Set(),
    );
  }
  for (const type of Object.keys(headContent)) {
    if (!(type in baseContent)) {
      report(
        ctx,
        'request-content-type-added',
        `request ${type}`,
        `Request media type ${type} is now accepted.`,
      );
    }
  }
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
    if (!headHeaders.has(key)) {
      report(
        ctx,
        'response-header-removed',
        `response ${status} header ${name}`,
        `Response header ${name} was removed.`,
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
  const baseContent = obj(base.content);
  const headContent = obj(head.content);
  for (const type of Object.keys(baseContent)) {
    if (!(type in headContent)) {
      report(
        ctx,
        'response-content-type-removed',
        `response ${status} ${type}`,
        `Response ${status} no longer returns ${type}.`,
      );
      continue;
    }
    const media = { ...ctx, pointer: pointerTo(ctx.pointer, 'content', type) };
    const where = `response ${status} ${type}`;
    diffDocumentation(
      media,
      `Response ${status} ${type}`,
      where,
      obj(baseContent[type]),
      obj(headContent[type]),
    );
    diffSchema(
      { ...ctx, pointer: pointerTo(ctx.pointer, 'content', type, 'schema') },
      'response',
      obj(baseContent[type]).schema,
      obj(headContent[type]).schema,
      `response ${status} ${type} body`,
      new Set(),
    );
  }
  for (const type of Object.keys(headContent)) {
    if (!(type in baseContent)) {
      report(
        ctx,
        'response-content-type-added',
        `response ${status} ${type}`,
        `Response ${status} may return ${type}.`,
      );
    }
  }
}
