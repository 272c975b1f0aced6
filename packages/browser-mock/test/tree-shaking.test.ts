// The mock is tree-shakable: what a page does not use is not shipped (`sideEffects` in this package and
// the reference server's, and module bodies without effects). Checked with a real bundler for the browser.
import { describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../bench/bundle.ts';

/** The bundle the size bench would measure, and the files that put code into it. */
async function bundled(source: string): Promise<{ bytes: number; inputs: string[] }> {
  const { code, meta } = await bundleForBrowser(source, import.meta.dirname);
  const output = Object.values(meta.outputs)[0];
  return {
    bytes: code.byteLength,
    inputs: Object.entries(output?.inputs ?? {})
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([file]) => file),
  };
}

describe('tree-shaking', () => {
  it('ships the demo keys alone without msw, ajv, the spec or the store', async () => {
    const { bytes, inputs } = await bundled(
      `import { DEMO_API_KEYS } from '../src/index.ts'; console.log(DEMO_API_KEYS);`,
    );
    expect(inputs.filter((file) => /msw|ajv|openapi\.json|memory\.ts/.test(file))).toEqual([]);
    expect(bytes).toBeLessThan(1024);
  });

  it('ships createHandlers without the service worker setup (msw/browser)', async () => {
    const { inputs } = await bundled(`import { createHandlers } from '../src/index.ts'; createHandlers();`);
    expect(inputs.some((file) => file.includes('openapi.json'))).toBe(true);
    expect(inputs.filter((file) => /msw\/lib\/browser/.test(file))).toEqual([]);
  });
});
