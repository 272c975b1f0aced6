/**
 * Which system one contract run checks. Exactly one target per run:
 * - `mock` (default): `@phone-api/mock` started on a free port by the vitest global setup.
 * - `reference`: `@phone-api/reference-server` started on a free port by the global setup, on the embedded
 *   store in a fresh temporary directory, seeded with the demo workspace; stateful, knows its keys.
 * - `url`: a live deployment at `CONTRACT_BASE_URL`, with real keys from the environment.
 *
 * A new target gets a {@link TargetKind} here, with the promises it makes ({@link Target.stateless},
 * {@link Target.knowsKeys}), and, if the suite starts it, a starter in `test/global-setup.ts`.
 */
export type TargetKind = 'mock' | 'reference' | 'url';

/** The credentials of one workspace, one key per surface. */
export interface WorkspaceKeys {
  agentsApiKey: string;
  convaiApiKey: string;
}

/** Everything the tests need to know about the target; serializable (passed from the global setup). */
export interface Target {
  kind: TargetKind;
  baseUrl: string;
  agentsApiKey: string;
  convaiApiKey: string;
  /**
   * Requests that a conformant target may accept and that then change state (imports, updates, deletes)
   * are sent only when true. Requests a conformant target must reject are always sent.
   */
  allowWrites: boolean;
  /**
   * The target keeps no state: any well-formed id exists and every valid request succeeds. A stateful
   * target may answer a valid request with a documented semantic error (404, 409, 422 agent_not_found).
   */
  stateless: boolean;
  /**
   * The target knows which keys are valid, so a well-formed but unknown key must get 401. The stateless
   * mock accepts any well-formed key; only a missing or malformed credential is a 401 there.
   */
  knowsKeys: boolean;
  /**
   * The tests get the keys of a second workspace ({@link Target.otherWorkspace}) for the tenancy scenario:
   * created by the global setup on the reference server, from `CONTRACT_OTHER_*_API_KEY` for a `url` target.
   */
  hasOtherWorkspace: boolean;
  /** Keys of a second workspace, which must not see the first one's numbers. */
  otherWorkspace?: WorkspaceKeys;
  /** An existing phone number id for the read checks of a live target (else the first listed one). */
  phoneNumberId?: string;
  /**
   * An e164 the target's Twilio account directory lists as a verified caller ID (a `twilio` import of it
   * becomes `verified_caller_id`): the reference server's simulation is given one by the global setup, a
   * `url` target's comes from `CONTRACT_VERIFIED_CALLER_E164`. Without it those answers are not exercised.
   */
  verifiedCallerE164?: string;
  /** fast-check seed of this run (printed, replayable with `CONTRACT_SEED`). */
  seed: number;
  /** Runs per property. */
  numRuns: number;
}

/** The verified caller ID the global setup gives the reference server's Twilio simulation. */
export const REFERENCE_VERIFIED_CALLER_E164 = '+13125550177';

/** The seed used when `CONTRACT_SEED` is not set: fixed, so CI runs are reproducible. */
export const DEFAULT_SEED = 20261123;
/** Runs per property when `CONTRACT_NUM_RUNS` is not set: enough to cover every variant, quick on 2 cores. */
export const DEFAULT_NUM_RUNS = 30;

function integerEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

/**
 * What the environment says about a target. A target the suite starts gets its URL (and, for the reference
 * server, its keys) from the global setup.
 */
export type TargetSettings = Omit<Target, 'baseUrl' | 'agentsApiKey' | 'convaiApiKey'> &
  Partial<Pick<Target, 'baseUrl' | 'agentsApiKey' | 'convaiApiKey'>>;

/**
 * Reads the target settings from the environment. For `mock` and `reference` the URL is filled in once the
 * target runs. Throws with the missing variable's name when a `url` target is incomplete.
 */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): TargetSettings {
  const kind = (env.CONTRACT_TARGET ?? (env.CONTRACT_BASE_URL ? 'url' : 'mock')) as TargetKind;
  const seed = integerEnv(env, 'CONTRACT_SEED', DEFAULT_SEED);
  const numRuns = integerEnv(env, 'CONTRACT_NUM_RUNS', DEFAULT_NUM_RUNS);
  if (kind === 'mock') {
    return {
      kind,
      // The stateless mock checks only the form of a credential, so any well-formed key works.
      agentsApiKey: 'sk_contract_tests',
      convaiApiKey: 'xi_contract_tests',
      allowWrites: true,
      stateless: true,
      knowsKeys: false,
      hasOtherWorkspace: false,
      seed,
      numRuns,
    };
  }
  if (kind === 'reference') {
    // Keys and the second workspace come from the server the global setup starts: it mints them.
    return {
      kind,
      verifiedCallerE164: REFERENCE_VERIFIED_CALLER_E164,
      allowWrites: true,
      stateless: false,
      knowsKeys: true,
      hasOtherWorkspace: true,
      seed,
      numRuns,
    };
  }
  if (kind === 'url') {
    const missing = ['CONTRACT_BASE_URL', 'CONTRACT_AGENTS_API_KEY', 'CONTRACT_CONVAI_API_KEY'].filter(
      (name) => !env[name],
    );
    if (missing.length) throw new Error(`CONTRACT_TARGET=url needs ${missing.join(', ')}`);
    return {
      kind,
      baseUrl: env.CONTRACT_BASE_URL,
      agentsApiKey: env.CONTRACT_AGENTS_API_KEY as string,
      convaiApiKey: env.CONTRACT_CONVAI_API_KEY as string,
      allowWrites: env.CONTRACT_ALLOW_WRITES === '1',
      stateless: env.CONTRACT_STATELESS === '1',
      knowsKeys: env.CONTRACT_KNOWS_KEYS !== '0',
      ...otherWorkspaceFromEnv(env),
      ...(env.CONTRACT_PHONE_NUMBER_ID ? { phoneNumberId: env.CONTRACT_PHONE_NUMBER_ID } : {}),
      ...(env.CONTRACT_VERIFIED_CALLER_E164 ? { verifiedCallerE164: env.CONTRACT_VERIFIED_CALLER_E164 } : {}),
      seed,
      numRuns,
    };
  }
  throw new Error(`CONTRACT_TARGET must be mock, reference or url, got ${JSON.stringify(kind)}`);
}

/** The second workspace of a `url` target: both keys, or neither (then the tenancy scenario is `n.a.`). */
function otherWorkspaceFromEnv(
  env: NodeJS.ProcessEnv,
): Pick<Target, 'hasOtherWorkspace'> & { otherWorkspace?: WorkspaceKeys } {
  const agentsApiKey = env.CONTRACT_OTHER_AGENTS_API_KEY;
  const convaiApiKey = env.CONTRACT_OTHER_CONVAI_API_KEY;
  if (!agentsApiKey && !convaiApiKey) return { hasOtherWorkspace: false };
  if (!agentsApiKey || !convaiApiKey) {
    throw new Error('CONTRACT_OTHER_AGENTS_API_KEY and CONTRACT_OTHER_CONVAI_API_KEY go together');
  }
  return { hasOtherWorkspace: true, otherWorkspace: { agentsApiKey, convaiApiKey } };
}

/** The credential headers of a surface for this target. */
export function authHeaders(target: WorkspaceKeys, surface: 'agents' | 'convai'): Record<string, string> {
  return surface === 'agents'
    ? { authorization: `Bearer ${target.agentsApiKey}` }
    : { 'xi-api-key': target.convaiApiKey };
}
