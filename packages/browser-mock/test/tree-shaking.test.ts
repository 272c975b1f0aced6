// The mock is tree-shakable: what a page does not use is not shipped (`sideEffects` in this package and
// the reference server's, and module bodies without effects). Checked with a real bundler for the browser.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

async function bundled(source: string): Promise<{ bytes: number; inputs: string[] }> {
  const result = await build({
    stdin: { contents: source, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0];
  return {
    bytes: result.outputFiles[0]?.contents.byteLength ?? 0,
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
