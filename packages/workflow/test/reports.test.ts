import { describe, expect, it } from 'vitest';
import { FORMATS, type Format, renderReport } from '../src/breaking/reports/index.ts';
import type { GateResult, ReportedChange } from '../src/gate.ts';

const removed: ReportedChange = {
  kind: 'response-property-removed',
  severity: 'breaking',
  operation: 'GET /v1/items',
  location: 'response 200 application/json body[].label',
  message: 'Response property response 200 application/json body[].label was removed.',
  pointer: '#/components/schemas/Item/properties',
  fingerprint: 'aaaaaaaaaaaa',
  decidedBy: 'rule default',
  blocking: true,
  source: { file: 'spec/components/schemas/Item.yaml', line: 4 },
};
const waived: ReportedChange = {
  ...removed,
  location: 'response 200 application/json body[].name',
  message: 'Response property name was removed, 100% sure: a, b.',
  fingerprint: 'bbbbbbbbbbbb',
  decidedBy: 'accepted: never sent',
  blocking: false,
  waived: 'accepted',
};
const added: ReportedChange = {
  kind: 'operation-added',
  severity: 'additive',
  operation: 'POST /v1/items',
  location: 'operation',
  message: 'New operation POST /v1/items.',
  pointer: '#/paths/~1v1~1items/post',
  fingerprint: 'cccccccccccc',
  decidedBy: 'rule default',
  blocking: false,
  source: { file: 'spec/paths/v1_items.yaml', line: 12 },
};

const result: GateResult = {
  exitCode: 1,
  base: { ref: 'spec-v1.0.0', how: 'latest spec-v* tag' },
  policy: { source: 'spec/breaking-policy.yaml', minSunsetDays: 90, overrides: 0, accepted: 1, unused: [] },
  changes: [removed, waived, added],
  majorBumped: false,
  version: {
    base: '1.0.0',
    head: '1.0.0',
    required: 'major',
    expected: '2.0.0',
    ok: false,
    message: 'info.version 1.0.0 -> 1.0.0, but the changes need a major bump (2.0.0)',
    source: { file: 'spec/openapi.yaml', line: 5 },
  },
  verdict: [
    'FAIL: 1 breaking change and no changeset. Fix: pnpm breaking --write-changeset',
    'FAIL: info.version 1.0.0 -> 1.0.0, but the changes need a major bump (2.0.0). Fix: pnpm breaking --write-version',
  ],
};

describe('pnpm breaking --format', () => {
  it.each([
    [
      'text: a table with what decided each change and its fingerprint',
      {
        given: 'text',
        want: [
          /SEVERITY\s+KIND\s+OPERATION\s+WHERE\s+DECIDED BY\s+FINGERPRINT/,
          /breaking \(waived\)\s+response-property-removed.*accepted: never sent\s+bbbbbbbbbbbb/,
          'Policy: spec/breaking-policy.yaml (0 overrides, 1 accepted, sunset grace 90 days)',
          'FAIL: 1 breaking change',
        ],
      },
    ],
    [
      'markdown: grouped by severity, with sources and the verdict',
      {
        given: 'markdown',
        want: [
          '## API changes since `spec-v1.0.0`',
          '❌ 3 changes: 2 breaking, 1 additive',
          '### Breaking (2)',
          '### Additive (1)',
          '`spec/components/schemas/Item.yaml:4`',
          '**waived**, accepted: never sent',
          '> FAIL: 1 breaking change',
        ],
      },
    ],
    [
      'junit: one case per change, blocking ones failed, plus the version check',
      {
        given: 'junit',
        want: [
          '<testsuites name="pnpm breaking" tests="4" failures="2">',
          '<failure type="response-property-removed"',
          '<system-out>breaking: Response property name was removed, 100% sure: a, b.',
          '<failure type="version-bump"',
        ],
      },
    ],
    [
      'github: annotations on the split source file and line, escaped',
      {
        given: 'github',
        want: [
          '::error file=spec/components/schemas/Item.yaml,line=4,title=breaking response-property-removed GET /v1/items::',
          '::warning file=spec/components/schemas/Item.yaml,line=4,title=breaking response-property-removed GET /v1/items::Response property name was removed, 100%25 sure: a, b.',
          '::notice file=spec/paths/v1_items.yaml,line=12,title=additive operation-added POST /v1/items::',
          '::error file=spec/openapi.yaml,line=5,title=info.version::FAIL: info.version',
        ],
      },
    ],
  ] as const)('%s', (_name, { given, want }) => {
    const out = renderReport(given as Format, result);
    for (const expected of want) {
      if (typeof expected === 'string') expect(out).toContain(expected);
      else expect(out).toMatch(expected);
    }
  });

  it('json: the whole result, fingerprints and decisions included', () => {
    const parsed = JSON.parse(renderReport('json', result)) as GateResult;
    expect(parsed.changes.map((c) => [c.fingerprint, c.decidedBy, c.blocking])).toEqual([
      ['aaaaaaaaaaaa', 'rule default', true],
      ['bbbbbbbbbbbb', 'accepted: never sent', false],
      ['cccccccccccc', 'rule default', false],
    ]);
    expect(parsed.version.expected).toBe('2.0.0');
  });

  it('junit: escapes XML and stays balanced', () => {
    const out = renderReport('junit', { ...result, changes: [{ ...removed, message: 'a <b> & "c"' }] });
    expect(out).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
    expect(out.match(/<testcase /g)?.length).toBe(out.match(/<\/testcase>/g)?.length);
  });

  it('markdown: escapes pipes in cells', () => {
    const out = renderReport('markdown', { ...result, changes: [{ ...added, message: 'type a|b -> a' }] });
    expect(out).toContain('type a\\|b -> a');
  });

  it('offers exactly the documented formats', () => {
    expect(Object.keys(FORMATS).sort()).toEqual(['github', 'json', 'junit', 'markdown', 'text']);
  });
});

describe('changes with one source pointer', () => {
  const header = (operation: string, status: string, fingerprint: string): ReportedChange => ({
    kind: 'pattern-changed',
    severity: 'warning',
    operation,
    location: `response ${status} header X-Origin`,
    message: `response ${status} header X-Origin: pattern ^a -> ^b; check that every value sent still matches.`,
    values: { before: ['pattern ^a -> ^b'] },
    pointer: '#/components/headers/X-Origin/schema/pattern',
    fingerprint,
    decidedBy: 'rule default',
    blocking: false,
    source: { file: 'spec/components/headers/X-Origin.yaml', line: 6 },
  });
  const shared = {
    ...result,
    changes: [
      header('GET /v1/items', '200', '111111111111'),
      header('GET /v1/items', '401', '222222222222'),
      header('POST /v1/items', '201', '333333333333'),
      added,
    ],
  };

  it('github: are one annotation on the keyword, listing the operations and every fingerprint', () => {
    const out = renderReport('github', shared);
    const annotations = out.split('\n').filter((l) => l.includes('X-Origin.yaml'));
    expect(annotations).toEqual([
      '::warning file=spec/components/headers/X-Origin.yaml,line=6,title=warning pattern-changed (3 places in 2 operations)::' +
        'response 200 header X-Origin: pattern ^a -> ^b; check that every value sent still matches. The same change at: ' +
        'GET /v1/items (response 200 header X-Origin, response 401 header X-Origin); POST /v1/items (response 201 header X-Origin). ' +
        '(rule default; fingerprints 111111111111 222222222222 333333333333)',
    ]);
    expect(out).toContain('title=additive operation-added POST /v1/items::');
  });

  it('markdown: are one row listing the operations', () => {
    const rows = renderReport('markdown', shared)
      .split('\n')
      .filter((l) => l.startsWith('| `pattern-changed`'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('`GET /v1/items`<br>`POST /v1/items`');
    expect(rows[0]).toContain('`111111111111` `222222222222` `333333333333`');
  });
});
