import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { externalResources } from '../src/spec/reference-page.ts';
import { readTryItAsset, renderTryItPage, TRY_IT_ASSETS } from '../src/spec/try-it-page.ts';

const SPEC = {
  openapi: '3.1.0',
  info: {
    title: 'Phone Numbers API',
    version: '2.0.0',
    description: 'Ends a script block? </script><b>no</b>',
  },
  servers: [{ url: 'https://api.example.test' }],
  paths: {
    '/v1/agents/phone-numbers': { get: { operationId: 'agentsList', responses: {} } },
    '/v1/convai/phone-numbers': {
      servers: [{ url: 'https://regional.example.test' }],
      parameters: [],
      get: { operationId: 'convaiList', servers: [{ url: 'https://op.example.test' }], responses: {} },
    },
  },
};

// The package's `browser` entry (its exports map does not list it).
const STANDALONE = join(
  dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')),
  'browser/standalone.js',
);

/** The text of the page's `<script id=...>` block. */
function block(html: string, id: string): string {
  const match = new RegExp(`<script id="${id}" type="application/json">([\\s\\S]*?)</script>`).exec(html);
  if (!match?.[1]) throw new Error(`no ${id} block`);
  return match[1];
}

function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
}

describe('renderTryItPage', () => {
  const html = renderTryItPage(SPEC, {
    assetBase: '/docs/',
    credentials: { bearerAuth: { token: 'sk_test' }, xiApiKey: { value: 'test' } },
  });

  it('embeds the spec so that no string in it can end its script block', () => {
    expect(block(html, 'reference-spec')).not.toContain('<');
    const shown = JSON.parse(block(html, 'reference-spec')) as typeof SPEC;
    expect(shown.info).toEqual(SPEC.info);
  });

  it("drops the path items' and operations' own servers, so requests go to the page's origin", () => {
    const shown = JSON.parse(block(html, 'reference-spec')) as typeof SPEC;
    const convai = shown.paths['/v1/convai/phone-numbers'];
    expect(convai).toEqual({ parameters: [], get: { operationId: 'convaiList', responses: {} } });
    expect(shown.paths['/v1/agents/phone-numbers']).toEqual(SPEC.paths['/v1/agents/phone-numbers']);
    expect(SPEC.paths['/v1/convai/phone-numbers'].servers).toHaveLength(1);
    const boot = inlineScripts(html).join('\n');
    expect(boot).toContain(
      "servers: [{ url: window.location.origin, description: 'The server of this page' }]",
    );
  });

  it('turns off what Scalar would load or send outside, and fills in the credentials it is given', () => {
    expect(JSON.parse(block(html, 'reference-options'))).toEqual({
      withDefaultFonts: false,
      telemetry: false,
      agent: { disabled: true },
      showDeveloperTools: 'never',
      authentication: { securitySchemes: { bearerAuth: { token: 'sk_test' }, xiApiKey: { value: 'test' } } },
    });
  });

  it('loads its bundle from the asset base and nothing from outside', () => {
    expect(html).toContain('<script src="/docs/scalar.js"></script>');
    expect(externalResources(html)).toEqual([]);
  });

  it('allows, by its Content-Security-Policy, its own origin and its one inline script only', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    const [boot] = inlineScripts(html);
    const hash = createHash('sha256')
      .update(boot ?? '')
      .digest('base64');
    expect(inlineScripts(html)).toHaveLength(1);
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
  });

  it.each([
    ['the spec title', { given: {}, want: '<title>Phone Numbers API reference</title>' }],
    ['a title given, escaped', { given: { title: 'A & <B>' }, want: '<title>A &amp; &lt;B&gt;</title>' }],
  ])('titles the page with %s', (_name, { given, want }) => {
    expect(renderTryItPage(SPEC, { assetBase: '/docs/', ...given })).toContain(want);
  });
});

describe('readTryItAsset', () => {
  it("serves Scalar's standalone browser bundle as scalar.js", async () => {
    expect(TRY_IT_ASSETS).toEqual(['scalar.js']);
    const asset = await readTryItAsset('scalar.js');
    expect(asset?.contentType).toBe('text/javascript; charset=utf-8');
    expect(Buffer.from(asset?.body ?? []).toString('utf8')).toContain('@scalar/api-reference@');
  });

  it.each(['scalar.js.map', 'standalone.js', '../package.json', 'toString', '__proto__', ''])(
    'knows no file %j',
    async (name) => {
      expect(await readTryItAsset(name)).toBeUndefined();
    },
  );

  it('reads the bundle once per process', async () => {
    const [first, second] = await Promise.all([readTryItAsset('scalar.js'), readTryItAsset('scalar.js')]);
    expect(first).toBe(second);
    expect(first?.body.byteLength).toBe(readFileSync(STANDALONE).byteLength);
  });
});
