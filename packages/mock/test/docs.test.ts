import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docsReply } from '../src/docs.ts';
import { specPath } from './helpers.ts';

const spec = JSON.parse(readFileSync(specPath, 'utf8')) as object;

function text(body: string | Uint8Array): string {
  return typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
}

describe('docsReply', () => {
  it.each([
    ['the page', { given: ['GET', '/docs'], want: { status: 200, type: /^text\/html; charset=utf-8$/ } }],
    ['the page, trailing slash', { given: ['GET', '/docs/'], want: { status: 200, type: /^text\/html/ } }],
    [
      "Scalar's bundle",
      { given: ['GET', '/docs/scalar.js'], want: { status: 200, type: /^text\/javascript/ } },
    ],
    ['another method', { given: ['POST', '/docs'], want: { status: 405, type: undefined } }],
    [
      'another method on an asset',
      { given: ['DELETE', '/docs/scalar.js'], want: { status: 405, type: undefined } },
    ],
  ] as const)('answers %s', async (_name, { given: [method, path], want }) => {
    const reply = await docsReply(spec, method, path);
    expect(reply?.status).toBe(want.status);
    if (want.type) expect(reply?.headers['content-type']).toMatch(want.type);
    else expect(reply?.headers.allow).toBe('GET, HEAD');
  });

  it.each([
    '/v1/agents/phone-numbers',
    '/docsx',
    '/docs/missing.js',
    '/docs/scalar.js.map',
    '/docs/../package.json',
    '/',
  ])('leaves %s to the API', async (path) => {
    expect(await docsReply(spec, 'GET', path)).toBeUndefined();
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const [get, head] = await Promise.all([
      docsReply(spec, 'GET', '/docs'),
      docsReply(spec, 'HEAD', '/docs'),
    ]);
    expect(head?.status).toBe(200);
    expect(head?.headers).toEqual(get?.headers);
    expect(head?.body).toBe('');
    expect(Number(get?.headers['content-length'])).toBe(get?.body.length);
  });

  it("fills in the mock's test keys for each of the spec's schemes", async () => {
    const html = text((await docsReply(spec, 'GET', '/docs'))?.body ?? '');
    expect(html).toContain(
      '"securitySchemes":{"bearerAuth":{"token":"sk_test"},"xiApiKey":{"value":"test"}}',
    );
  });

  it('renders the page once per spec object, and again for a new one (a reload)', async () => {
    const first = await docsReply(spec, 'GET', '/docs');
    expect((await docsReply(spec, 'GET', '/docs/'))?.body).toBe(first?.body);
    const reloaded = { ...spec, info: { title: 'Reloaded', version: '9.0.0' } };
    const next = await docsReply(reloaded, 'GET', '/docs');
    expect(next?.body).not.toBe(first?.body);
    expect(text(next?.body ?? '')).toContain('<title>Reloaded reference</title>');
  });

  it('answers 503 when the page cannot be rendered, and tries again on the next visit', async () => {
    // JSON cannot carry a BigInt: the render throws.
    const broken: Record<string, unknown> = { ...spec, 'x-broken': 1n };
    const failed = await docsReply(broken, 'GET', '/docs');
    expect(failed?.status).toBe(503);
    expect(text(failed?.body ?? '')).toMatch(/^The reference page could not be served: TypeError/);
    delete broken['x-broken'];
    expect((await docsReply(broken, 'GET', '/docs'))?.status).toBe(200);
  });
});
