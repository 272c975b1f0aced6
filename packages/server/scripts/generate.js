/**
 * Generates `src/schema.gen.ts` (TypeScript types of the bundled spec) with openapi-typescript.
 * `--check` regenerates in memory and fails when the committed file has drifted.
 *
 * Plain JavaScript (checked by `typecheck` through `checkJs`): it is on the path of every spec edit, and
 * a file Node need not strip starts fastest.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from '@phone-api/tooling/args';
import openapiTS, { astToString } from 'openapi-typescript';

const FIX_COMMAND = 'pnpm --filter @phone-api/server generate';
const specUrl = new URL(import.meta.resolve('@phone-api/spec/openapi.json'));
const outFile = fileURLToPath(new URL('../src/schema.gen.ts', import.meta.url));

// Read before any work: a mistyped flag must not regenerate (or pass as a check).
const { values: args } = parseCommandLine({
  usage: 'node scripts/generate.js [--check]   (pnpm --filter @phone-api/server generate / generate:check)',
  options: { check: { type: 'boolean', default: false } },
});

const header = `// Generated from spec/dist/openapi.json by \`${FIX_COMMAND}\`. Do not edit by hand.\n\n`;

/** @returns {Promise<string>} */
async function render() {
  const spec = await readFile(specUrl, 'utf8');
  // Types only: the router keeps its own runtime view of the spec, so no enums or root types are emitted.
  const ast = await openapiTS(spec, {
    alphabetize: false,
    exportType: false,
    // Request bodies are not filled with defaults by the validator, so a field with a default is still optional.
    defaultNonNullable: false,
  });
  return header + astToString(ast);
}

const check = args.check;
const next = await render();
if (check) {
  const current = await readFile(outFile, 'utf8').catch(() => '');
  if (current !== next) {
    console.error(`src/schema.gen.ts is out of date with spec/dist/openapi.json.\nFix: ${FIX_COMMAND}`);
    process.exit(1);
  }
  console.log('src/schema.gen.ts is up to date.');
} else {
  // Written beside and renamed over: a concurrent reader (turbo may run generate:check or tsc at the same
  // time) sees the old file or the new one, never a truncated one.
  await writeFile(`${outFile}.tmp-${process.pid}`, next);
  await rename(`${outFile}.tmp-${process.pid}`, outFile);
  console.log('Wrote src/schema.gen.ts');
}
