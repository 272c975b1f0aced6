import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { dotted, runBin, SPEC_DIR, type SpectralResult, spectralLint } from './cli.ts';
import { withDeprecatedOperations } from './deprecated-operation.ts';

/** The house rules: every rule `.spectral.yaml` defines itself (inherited ones are namespaced `x:y`). */
const ruleset = parse(await readFile(join(SPEC_DIR, '.spectral.yaml'), 'utf8')) as {
  rules: Record<string, unknown>;
};
const HOUSE_RULES = Object.entries(ruleset.rules)
  .filter(([name, rule]) => !name.includes(':') && typeof rule === 'object')
  .map(([name]) => name)
  .sort();

const BUNDLE = 'dist/openapi.yaml';
/** File name of the served fixture (`deprecated-operation.ts`) as linted. */
const SERVED = 'deprecated-operation.served.json';

/**
 * One fixture per house rule, named after it: a valid OpenAPI 3.1 document that breaks that rule at
 * exactly these places (paths as Spectral reports them) and keeps every other house rule, including
 * look-alike cases next to each break that the rule must leave alone. Findings are errors unless the
 * case says otherwise (0 error, 1 warning).
 */
const cases: Array<[rule: string, { want: string[]; severity?: 0 | 1 }]> = [
  [
    'agents-id-parameter-documented',
    {
      want: [
        'paths./v1/agents/things/{thing_id}.parameters.0',
        'paths./v1/agents/things/{thing_id}.parameters.0.description',
        'paths./v1/agents/things/{thing_id}.get.responses',
      ],
    },
  ],
  [
    'agents-prefixed-id-fields',
    {
      want: ['components.schemas.Thing.properties.trunk_id', 'components.schemas.Thing.properties.owner_id'],
    },
  ],
  [
    'surface-error-schema',
    {
      want: [
        'paths./v1/agents/things.get.responses.404.content.application/json',
        'paths./v1/agents/things.get.responses.500',
        'paths./v1/convai/things.get.responses.422.content.application/json',
      ],
    },
  ],
  [
    'operation-id-camel-case',
    { want: ['paths./v1/agents/things.post.operationId', 'paths./v1/convai/things.get.operationId'] },
  ],
  [
    'response-example',
    {
      want: [
        'paths./v1/others.get.responses.200.content.application/json',
        'paths./v1/others.post.responses.201.content.text/plain',
      ],
    },
  ],
  [
    'discriminator-explicit-mapping',
    {
      want: [
        'paths./v1/others.get.responses.200.content.application/json.schema.properties.pets.items.discriminator',
        'components.schemas.Pet.discriminator',
        'components.schemas.Shape.discriminator.mapping',
        'components.schemas.Shape.discriminator.mapping.triangle',
        'components.schemas.Vehicle.anyOf.1',
      ],
    },
  ],
  [
    'no-secrets-in-responses',
    {
      want: [
        'components.schemas.Account.properties.password',
        'components.schemas.Account.properties.apiKey',
        'components.schemas.Credential.properties.pin',
      ],
    },
  ],
  [
    'bounded-pagination',
    { want: ['paths./v1/others.parameters.0.schema', 'paths./v1/others.get.parameters.1.schema'] },
  ],
  [
    'deprecated-operation-headers',
    {
      want: [
        'paths./v1/others.get.responses.404.headers',
        'paths./v1/others.post.deprecated',
        'paths./v1/others.put.x-sunset',
        'paths./v1/others.patch.x-sunset',
        'paths./v1/others.patch.x-deprecation-link',
        'paths./v1/others.delete.x-deprecated-at',
        'paths./v1/others.delete.responses.200.headers',
      ],
    },
  ],
  [
    'stability-level-known',
    { want: ['paths./v1/others.get.x-stability-level', 'paths./v1/others.post.x-stability-level'] },
  ],
  ['response-cors-header', { want: ['paths./v1/others.get.responses.200.headers'] }],
  [
    'response-request-id-header',
    { want: ['paths./v1/others.get.responses.200', 'paths./v1/others.post.responses.201.headers'] },
  ],
  [
    'schema-example-valid',
    {
      want: [
        'paths./v1/others.get.parameters.0.schema.default',
        'paths./v1/others.get.parameters.1.schema.default',
        'components.schemas.Count.example',
        'components.schemas.Count.default',
        'components.schemas.Thing.example',
      ],
    },
  ],
  [
    'schema-string-limit',
    {
      want: [
        'paths./v1/others.get.parameters.0.schema',
        'components.schemas.Label',
        'components.schemas.Other.properties.note',
        'components.schemas.Other.properties.tags.items',
      ],
    },
  ],
  [
    'schema-string-restricted',
    {
      want: ['paths./v1/others.get.responses.200.headers.X-Trace.schema', 'components.schemas.Name'],
      severity: 1,
    },
  ],
  [
    'schema-integer-limit',
    {
      want: [
        'components.schemas.Other.properties.count',
        'components.schemas.Other.properties.both_low',
        'components.schemas.Other.properties.offset',
      ],
    },
  ],
  [
    'schema-integer-format',
    { want: ['paths./v1/others.get.parameters.0.schema', 'components.schemas.Count'] },
  ],
  [
    'schema-array-limit',
    {
      want: [
        'paths./v1/others.post.requestBody.content.application/json.schema',
        'components.schemas.Tags',
        'components.schemas.Other.properties.aliases',
      ],
    },
  ],
  [
    'markdown-no-eval',
    {
      want: [
        'info.description',
        'components.schemas.Other.description',
        'components.schemas.Other.example.other.title',
      ],
      severity: 1,
    },
  ],
  ['markdown-no-script-tags', { want: ['info.description', 'components.schemas.Other.title'], severity: 1 }],
  [
    'enum-no-duplicates',
    {
      want: ['paths./v1/others.get.parameters.0.schema.enum', 'components.schemas.Kind.enum'],
      severity: 1,
    },
  ],
  [
    'enum-typed',
    {
      want: [
        'components.schemas.Level.enum.1',
        'components.schemas.Level.enum.2',
        'components.schemas.Label.enum.1',
      ],
      severity: 1,
    },
  ],
];

/**
 * spectral:oas and OWASP rules that select schemas with recursive `$..` given paths, turned off in
 * `.spectral.yaml` for speed, and the house rule that checks the same thing by visiting each schema once.
 */
const REPLACED: Array<[original: string, house: string]> = [
  ['oas3-valid-schema-example', 'schema-example-valid'],
  ['owasp:api4:2023-string-limit', 'schema-string-limit'],
  ['owasp:api4:2023-string-restricted', 'schema-string-restricted'],
  ['owasp:api4:2023-integer-limit', 'schema-integer-limit'],
  ['owasp:api4:2023-integer-format', 'schema-integer-format'],
  ['owasp:api4:2023-array-limit', 'schema-array-limit'],
  ['no-eval-in-markdown', 'markdown-no-eval'],
  ['no-script-tags-in-markdown', 'markdown-no-script-tags'],
  ['duplicated-entry-in-enum', 'enum-no-duplicates'],
  ['typed-enum', 'enum-typed'],
];

/** Replacements that run the original's own check and keep its message: their findings read the same. */
const SAME_MESSAGES = new Set([
  'markdown-no-eval',
  'markdown-no-script-tags',
  'enum-no-duplicates',
  'enum-typed',
]);

/**
 * Findings only the original reports, by design, as `<fixture> <path>`. Both come from the
 * `schema-string-limit` fixture: a JSON Schema inside example data (`$..` matches any object with a
 * `type`, including example values; the house rules check schemas only), and a `$ref` with a sibling
 * `description`, which Spectral cannot map back to its target, so the original reports the referenced
 * schema a second time at the referencing property (the house rule reports it once, at `Label`).
 */
const ORIGINAL_ONLY: Record<string, string[]> = {
  'owasp:api4:2023-string-limit': [
    'schema-string-limit.yaml components.schemas.Other.example.input_schema',
    'schema-string-limit.yaml components.schemas.Other.properties.alias',
  ],
  'owasp:api4:2023-string-restricted': [
    'schema-string-limit.yaml components.schemas.Other.example.input_schema',
  ],
};

const houseResults = (results: SpectralResult[]) => results.filter((r) => HOUSE_RULES.includes(r.code));
const blocking = (results: SpectralResult[]) => results.filter((r) => r.severity <= 1);
const show = (results: SpectralResult[]) => results.map((r) => `${r.code} ${dotted(r.path)}: ${r.message}`);

describe('house rules (one Spectral run over every fixture and the real bundle)', () => {
  const bySource = new Map<string, SpectralResult[]>();

  let servedDir = '';

  beforeAll(async () => {
    const fixtures = (await readdir(join(SPEC_DIR, 'test', 'fixtures'))).filter((f) => f.endsWith('.yaml'));
    // The fixture the server and mock tests serve, linted in the same run: it must keep every house rule.
    servedDir = await mkdtemp(join(tmpdir(), 'spec-served-'));
    const served = join(servedDir, SERVED);
    const bundle = JSON.parse(await readFile(join(SPEC_DIR, 'dist', 'openapi.json'), 'utf8')) as object;
    await writeFile(served, JSON.stringify(withDeprecatedOperations(bundle)));
    const { results } = await spectralLint([BUNDLE, served, ...fixtures.map((f) => `test/fixtures/${f}`)]);
    for (const f of [BUNDLE, SERVED, ...fixtures]) bySource.set(basename(f), []);
    for (const result of results) bySource.get(basename(result.source))?.push(result);
  });
  afterAll(async () => {
    await rm(servedDir, { recursive: true, force: true });
  });

  it('has a fixture for every house rule in .spectral.yaml', () => {
    expect(cases.map(([rule]) => rule).sort()).toEqual(HOUSE_RULES);
    for (const rule of HOUSE_RULES)
      expect(bySource.has(`${rule}.yaml`), `test/fixtures/${rule}.yaml`).toBe(true);
  });

  it.each(cases)(
    '%s flags exactly the broken places of its fixture, at its severity',
    (rule, { want, severity = 0 }) => {
      const hits = (bySource.get(`${rule}.yaml`) ?? []).filter((r) => r.code === rule);
      expect(hits.map((r) => dotted(r.path)).sort()).toEqual([...want].sort());
      expect(hits.map((r) => r.severity)).toEqual(want.map(() => severity));
      // Replacements that keep the original's message keep its length too.
      if (!SAME_MESSAGES.has(rule)) for (const hit of hits) expect(hit.message.length).toBeGreaterThan(40);
    },
  );

  it.each(cases)('no other house rule fires on the %s fixture', (rule) => {
    const others = houseResults(bySource.get(`${rule}.yaml`) ?? []).filter((r) => r.code !== rule);
    expect(show(others)).toEqual([]);
  });

  it('finds no error or warning in the real bundle', () => {
    expect(show(blocking(bySource.get('openapi.yaml') ?? []))).toEqual([]);
  });

  it('finds no house-rule finding in the served fixture with deprecated operations', () => {
    // Proof that Spectral read it: the define-error-validation override names dist/openapi.yaml only.
    expect(bySource.get(SERVED)?.map((r) => r.code)).toContain('owasp:api8:2023-define-error-validation');
    expect(show(houseResults(bySource.get(SERVED) ?? []))).toEqual([]);
  });
});

describe('house replacements of recursive spectral:oas / OWASP rules', () => {
  let dir = '';
  const found = new Map<string, Set<string>>();
  /** Per rule: `<fixture> <path> <message>` of each finding. */
  const messages = new Map<string, Set<string>>();

  // One Spectral run of a ruleset with only the originals (at their own severities) and their
  // replacements, over every fixture and the real bundle.
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spec-replaced-'));
    const house = ruleset as unknown as { functions: string[]; rules: Record<string, unknown> };
    const rules: Record<string, unknown> = {};
    for (const [original, replacement] of REPLACED) {
      rules[original] = true;
      rules[replacement] = house.rules[replacement];
    }
    await cp(join(SPEC_DIR, 'rules'), join(dir, 'rules'), { recursive: true });
    await symlink(join(SPEC_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await writeFile(
      join(dir, '.spectral.yaml'),
      stringify({
        extends: [
          ['spectral:oas', 'off'],
          ['@stoplight/spectral-owasp-ruleset', 'off'],
        ],
        functionsDir: 'rules',
        functions: house.functions,
        rules,
      }),
    );
    const fixtures = (await readdir(join(SPEC_DIR, 'test', 'fixtures'))).filter((f) => f.endsWith('.yaml'));
    const files = [BUNDLE, ...fixtures.map((f) => `test/fixtures/${f}`)].map((f) => join(SPEC_DIR, f));
    const { results } = await spectralLint(files, dir);
    for (const r of results) {
      const key = `${basename(r.source)} ${dotted(r.path)} severity ${r.severity}`;
      if (!found.has(r.code)) found.set(r.code, new Set());
      found.get(r.code)?.add(key);
      if (!messages.has(r.code)) messages.set(r.code, new Set());
      messages.get(r.code)?.add(`${basename(r.source)} ${dotted(r.path)} ${r.message}`);
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('.spectral.yaml turns every replaced rule off and defines its replacement', () => {
    for (const [original, replacement] of REPLACED) {
      expect(ruleset.rules[original], original).toBe('off');
      expect(HOUSE_RULES, replacement).toContain(replacement);
    }
  });

  it.each(REPLACED)('%s and %s report the same places at the same severity', (original, replacement) => {
    const byOriginal = [...(found.get(original) ?? [])].sort();
    const byHouse = [...(found.get(replacement) ?? [])].sort();
    // The fixtures must exercise the pair, or equality would prove nothing.
    expect(byHouse.length).toBeGreaterThan(0);
    const expected = [
      ...byHouse,
      ...(ORIGINAL_ONLY[original] ?? []).map((place) => {
        const severity = byHouse[0]?.split(' severity ')[1];
        return `${place} severity ${severity}`;
      }),
    ].sort();
    expect(byOriginal).toEqual(expected);
  });

  it.each(REPLACED.filter(([, house]) => SAME_MESSAGES.has(house)))(
    '%s and %s report the same messages',
    (original, replacement) => {
      const byHouse = [...(messages.get(replacement) ?? [])].sort();
      expect(byHouse.length).toBeGreaterThan(0);
      expect([...(messages.get(original) ?? [])].sort()).toEqual(byHouse);
    },
  );
});

describe.concurrent('the bundle and the split sources', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spec-bundle-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('dist/openapi.yaml is the bundle of the current sources (else run `pnpm --filter @phone-api/spec build`)', async ({
    expect,
  }) => {
    const out = join(dir, 'openapi.yaml');
    const run = await runBin('redocly', ['bundle', 'openapi.yaml', '-o', out], SPEC_DIR);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await readFile(join(SPEC_DIR, BUNDLE), 'utf8')).toBe(await readFile(out, 'utf8'));
  });

  it('Redocly lint of openapi.yaml reports no error and no warning', async ({ expect }) => {
    const run = await runBin('redocly', ['lint', 'openapi.yaml', '--format=json'], SPEC_DIR);
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      totals: { errors: number; warnings: number };
      problems: Array<{ ruleId: string; message: string }>;
    };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(run.exitCode).toBe(0);
  });
});

// Concurrent: each test lints its own copy, and most of the time is CLI start-up.
describe.concurrent('a copy of the spec package in a temp directory', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  /** Copies the sources and both rulesets, applies `edit`, and bundles to `dist/openapi.yaml`. */
  async function bundledCopy(edit?: (dir: string) => Promise<void>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'spec-copy-'));
    dirs.push(dir);
    for (const entry of ['openapi.yaml', 'paths', 'components', 'rules', '.spectral.yaml', 'redocly.yaml']) {
      await cp(join(SPEC_DIR, entry), join(dir, entry), { recursive: true });
    }
    // The ruleset extends an npm package, which Spectral resolves from the ruleset's directory.
    await symlink(join(SPEC_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await edit?.(dir);
    const run = await runBin('redocly', ['bundle', 'openapi.yaml', '-o', BUNDLE], dir);
    if (run.exitCode !== 0) throw new Error(`redocly bundle failed in ${dir}:\n${run.stderr}`);
    return dir;
  }

  it('fails lint when GetPhoneNumberResponseModel loses its discriminator mapping', async ({ expect }) => {
    const dir = await bundledCopy(async (d) => {
      const file = join(d, 'components', 'schemas', 'GetPhoneNumberResponseModel.yaml');
      const schema = parse(await readFile(file, 'utf8')) as { discriminator: { mapping?: unknown } };
      expect(schema.discriminator.mapping).toBeDefined();
      delete schema.discriminator.mapping;
      await writeFile(file, stringify(schema));
    });
    const { exitCode, results } = await spectralLint([BUNDLE], dir);
    expect(exitCode).not.toBe(0);
    expect(show(blocking(results))).toEqual([
      expect.stringMatching(
        /^discriminator-explicit-mapping components\.schemas\.GetPhoneNumberResponseModel\.discriminator: .*no mapping/,
      ),
    ]);
  });

  it('fails lint when an agents error response switches to HTTPValidationError', async ({ expect }) => {
    const dir = await bundledCopy(async (d) => {
      const file = join(d, 'components', 'responses', 'AgentsNotFound.yaml');
      const text = await readFile(file, 'utf8');
      expect(text).toContain('Error.yaml');
      await writeFile(
        file,
        text.replace(/(\$ref: ['"]?[./]*schemas\/)Error\.yaml/, '$1HTTPValidationError.yaml'),
      );
    });
    const { exitCode, results } = await spectralLint([BUNDLE], dir);
    expect(exitCode).not.toBe(0);
    expect(blocking(results).map((r) => `${r.code} ${dotted(r.path)}`)).toEqual([
      'surface-error-schema components.responses.AgentsNotFound.content.application/json',
    ]);
  });

  it('the define-error-validation override applies to dist/openapi.yaml only, and to GET/DELETE by id only', async ({
    expect,
  }) => {
    const dir = await bundledCopy();
    await cp(join(dir, BUNDLE), join(dir, 'dist', 'renamed.yaml'));
    const { results } = await spectralLint([BUNDLE, 'dist/renamed.yaml'], dir);
    expect(blocking(results).map((r) => `${basename(r.source)} ${r.code} ${dotted(r.path)}`)).toEqual([
      'renamed.yaml owasp:api8:2023-define-error-validation paths./v1/agents/phone-numbers/{id}.get.responses',
      'renamed.yaml owasp:api8:2023-define-error-validation paths./v1/agents/phone-numbers/{id}.delete.responses',
    ]);
  });
});
