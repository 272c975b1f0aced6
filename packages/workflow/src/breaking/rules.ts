/**
 * Every kind of change the gate reports, with its default {@link Severity} (the policy file may
 * override it per rule, with a reason).
 *
 * The table is the single source for the CLI's output, the README's rule table and the fixture test
 * (which is typed `Record<ChangeKind, ...>`, so a rule without a fixture pair does not compile).
 */
export const RULES = {
  // Operations and paths
  'path-removed': { severity: 'breaking', summary: 'A path and all of its operations were removed.' },
  'operation-removed': { severity: 'breaking', summary: 'An operation (method on a kept path) was removed.' },
  'path-added': { severity: 'additive', summary: 'A new path.' },
  'operation-added': { severity: 'additive', summary: 'A new operation on an existing path.' },

  // Security
  'security-changed': {
    severity: 'breaking',
    summary:
      'An operation no longer accepts one of its former security requirements (or gained one where it had none).',
  },
  'security-scheme-changed': {
    severity: 'breaking',
    summary: 'A security scheme changed how credentials are sent (type, scheme, header name, location).',
  },
  'security-alternative-added': {
    severity: 'additive',
    summary: 'An operation accepts an additional security requirement; the old ones still work.',
  },

  // Parameters
  'parameter-required-added': { severity: 'breaking', summary: 'A new required parameter.' },
  'parameter-became-required': { severity: 'breaking', summary: 'An optional parameter became required.' },
  'parameter-removed': {
    severity: 'breaking',
    summary: 'A parameter was removed: clients that send it lose its effect.',
  },
  'parameter-type-narrowed': {
    severity: 'breaking',
    summary: 'A parameter accepts fewer values (type, enum, length, range, pattern).',
  },
  'parameter-added': { severity: 'additive', summary: 'A new optional parameter.' },
  'parameter-became-optional': { severity: 'additive', summary: 'A required parameter became optional.' },
  'parameter-type-widened': { severity: 'additive', summary: 'A parameter accepts more values.' },

  // Request bodies
  'request-body-became-required': { severity: 'breaking', summary: 'The request body became required.' },
  'request-body-removed': {
    severity: 'breaking',
    summary: 'The request body was removed: what clients send is no longer documented.',
  },
  'request-content-type-removed': {
    severity: 'breaking',
    summary: 'A request media type (e.g. application/json) is no longer accepted.',
  },
  'request-property-required-added': { severity: 'breaking', summary: 'A new required request property.' },
  'request-property-became-required': {
    severity: 'breaking',
    summary: 'An optional request property became required.',
  },
  'request-property-removed': {
    severity: 'breaking',
    summary: 'A request property was removed (rejected where the body is closed, ignored otherwise).',
  },
  'request-property-type-narrowed': {
    severity: 'breaking',
    summary: 'A request value accepts fewer values: type, nullability, length, range, pattern, format.',
  },
  'request-enum-value-removed': { severity: 'breaking', summary: 'A request enum lost a value.' },
  'request-variant-removed': { severity: 'breaking', summary: 'A request oneOf/anyOf lost a variant.' },
  'request-content-type-added': { severity: 'additive', summary: 'A new accepted request media type.' },
  'request-property-added': { severity: 'additive', summary: 'A new optional request property.' },
  'request-property-became-optional': {
    severity: 'additive',
    summary: 'A required request property became optional.',
  },
  'request-property-type-widened': { severity: 'additive', summary: 'A request value accepts more values.' },
  'request-enum-value-added': { severity: 'additive', summary: 'A request enum gained a value.' },
  'request-variant-added': { severity: 'additive', summary: 'A request oneOf/anyOf gained a variant.' },

  // Responses
  'success-status-changed': {
    severity: 'breaking',
    summary: 'The success status code changed (e.g. 200 became 201).',
  },
  'response-status-removed': { severity: 'breaking', summary: 'A documented response status was removed.' },
  'response-content-type-removed': { severity: 'breaking', summary: 'A response media type was removed.' },
  'response-header-removed': { severity: 'breaking', summary: 'A documented response header was removed.' },
  'response-property-removed': { severity: 'breaking', summary: 'A response property was removed.' },
  'response-property-became-optional': {
    severity: 'breaking',
    summary: 'A response property is no longer required (clients may find it missing).',
  },
  'response-property-became-nullable': {
    severity: 'breaking',
    summary: 'A response value may now be null.',
  },
  'response-property-type-widened': {
    severity: 'breaking',
    summary: 'A response value may now have a type it could not have before.',
  },
  'response-enum-value-added': {
    severity: 'breaking',
    summary: 'A response enum gained a value: exhaustive clients (generated unions, switch) miss it.',
  },
  'response-extensible-enum-value-added': {
    severity: 'additive',
    summary:
      'A response enum declared open (x-extensible-enum) gained a value: clients are told to handle unknown values.',
  },
  'response-variant-added': {
    severity: 'breaking',
    summary: 'A response oneOf/anyOf gained a variant: exhaustive clients miss it.',
  },
  'response-status-added': { severity: 'additive', summary: 'A new documented response status.' },
  'response-content-type-added': { severity: 'additive', summary: 'A new response media type.' },
  'response-header-added': { severity: 'additive', summary: 'A new response header.' },
  'response-header-became-optional': {
    severity: 'breaking',
    summary: 'A documented response header is no longer required (clients may find it missing).',
  },
  'response-header-became-required': {
    severity: 'additive',
    summary: 'A documented response header is now always sent.',
  },
  'response-property-added': { severity: 'additive', summary: 'A new response property.' },
  'response-property-became-required': {
    severity: 'additive',
    summary: 'A response property is now always present.',
  },
  'response-property-type-narrowed': {
    severity: 'additive',
    summary: 'A response value has fewer possible types (e.g. no longer null).',
  },
  'response-enum-value-removed': {
    severity: 'additive',
    summary: 'A response enum lost a value: clients never see it again.',
  },
  'response-variant-removed': {
    severity: 'additive',
    summary: 'A response oneOf/anyOf lost a variant.',
  },

  // Deprecation lifecycle (deprecated: true + x-sunset on operations, parameters, properties)
  'deprecation-added': {
    severity: 'warning',
    summary: 'An operation, parameter or property was deprecated, with an x-sunset far enough ahead.',
  },
  'deprecation-removed': {
    severity: 'info',
    summary: 'An operation, parameter or property is no longer deprecated.',
  },
  'deprecation-without-grace-period': {
    severity: 'breaking',
    summary: 'Deprecated without an x-sunset date at least the policy minSunsetDays ahead (refused).',
  },
  'sunset-moved-earlier': {
    severity: 'breaking',
    summary: "A deprecated element's x-sunset moved earlier than announced.",
  },
  'sunset-removed': {
    severity: 'warning',
    summary: 'A deprecated element no longer announces its x-sunset (or it is no longer a date).',
  },
  'removed-before-sunset': {
    severity: 'breaking',
    summary: 'A deprecated operation, parameter or property was removed before its x-sunset date.',
  },
  'removed-after-sunset': {
    severity: 'breaking',
    summary: 'Announced removal: a deprecated element removed after its x-sunset (major, but no surprise).',
  },

  // Stability levels (x-stability-level on operations)
  'stability-decreased': {
    severity: 'breaking',
    summary: 'An operation was demoted (e.g. stable to beta): it loses the guarantees clients relied on.',
  },
  'stability-increased': {
    severity: 'info',
    summary: 'An operation was promoted (e.g. beta to stable); from now on its changes fail the gate.',
  },

  // Documentation, naming and reach
  'description-changed': {
    severity: 'info',
    summary: 'A summary or description changed (operation, parameter, schema, response).',
  },
  'example-changed': { severity: 'info', summary: 'An example changed (schema, parameter, media type).' },
  'tags-changed': {
    severity: 'info',
    summary: "An operation's tags changed (the reference page's grouping).",
  },
  'operation-id-changed': {
    severity: 'breaking',
    summary: 'An operationId changed: SDK method names and operations["..."] types are keyed by it.',
  },
  'server-removed': {
    severity: 'breaking',
    summary: 'A server (or regional server) URL no longer serves an operation.',
  },
  'server-added': {
    severity: 'additive',
    summary: 'A new server (or regional server) URL for an operation.',
  },
  'security-scopes-added': {
    severity: 'breaking',
    summary: 'A security requirement needs more scopes: tokens issued for the old ones are refused.',
  },
  'security-scopes-removed': {
    severity: 'additive',
    summary: 'A security requirement needs fewer scopes.',
  },

  // Schema details
  'response-property-bounds-widened': {
    severity: 'breaking',
    summary: 'A response value may break a documented bound: length, range, item count, pattern or format.',
  },
  'response-property-bounds-narrowed': {
    severity: 'additive',
    summary: 'A response value keeps to tighter bounds (length, range, item count, pattern, format).',
  },
  'default-value-changed': {
    severity: 'warning',
    summary: 'A default value changed: clients that omit the value get other behaviour.',
  },
  'property-access-restricted': {
    severity: 'breaking',
    summary: 'A property became readOnly (requests cannot set it) or writeOnly (responses omit it).',
  },
  'property-access-relaxed': {
    severity: 'additive',
    summary: 'A property is no longer readOnly (requests may set it) or writeOnly (responses carry it).',
  },
  'discriminator-changed': {
    severity: 'breaking',
    summary: "A discriminator's property name or mapping values changed: clients narrow variants by it.",
  },
  'request-schema-condition-changed': {
    severity: 'breaking',
    summary:
      'A request schema changed if/then/else, not, dependentRequired or dependentSchemas: it may accept less (unprovable either way).',
  },
  'response-schema-condition-changed': {
    severity: 'warning',
    summary:
      'A response schema changed if/then/else, not, dependentRequired or dependentSchemas: what it may send can differ.',
  },
  'pattern-changed': {
    severity: 'warning',
    summary: 'A pattern or format was replaced by another: neither wider nor narrower can be proven.',
  },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

/**
 * How much a change matters to a client built against the base spec, most first:
 * - `breaking`: it can stop working (fails the gate; major version).
 * - `warning`: it keeps working but should look (a deprecation, a looser response bound; minor).
 * - `additive`: new capability, nothing to do (minor).
 * - `info`: documentation only, no effect on the wire or the types (patch).
 * The policy file (`spec/breaking-policy.yaml`) can move any rule to another level.
 */
export type Severity = 'breaking' | 'warning' | 'additive' | 'info';

/** Every severity, most severe first (the order reports group by). */
export const SEVERITIES = ['breaking', 'warning', 'additive', 'info'] as const satisfies readonly Severity[];

/** The name of one rule in {@link RULES}. */
export type ChangeKind = keyof typeof RULES;

/** The before/after values of a change (JSON values, compared by their serialisation). */
export interface ChangeValues {
  before?: unknown;
  after?: unknown;
}

/** One difference between the base and the new spec. */
export interface Change {
  kind: ChangeKind;
  severity: Severity;
  /** `METHOD /path` of the operation concerned; absent for document-level changes. */
  operation?: string;
  /** Where in the operation: `response 200 application/json body.items[].label`, `query parameter limit`. */
  location: string;
  /** A sentence a reviewer can act on. */
  message: string;
  /** What the changed element was and became, where the location alone does not say (for the fingerprint). */
  values?: ChangeValues;
  /** JSON pointer of the changed element in the head bundle (for source file and line). */
  pointer: string;
  /** The operation's `x-stability-level` in the base spec, when it is not `stable`. */
  stability?: 'draft' | 'alpha' | 'beta';
}
