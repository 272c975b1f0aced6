import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { Contract } from '../src/checks.ts';
import {
  REFERENCE_VERIFIED_CALLER_E164,
  type Target,
  type TargetSettings,
  targetFromEnv,
  type WorkspaceKeys,
} from '../src/target.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    target: Target;
    /** Where the tests log every response they check, for the coverage report. */
    coverageLog: string;
  }
}

/** What a started target hands the tests: where it listens, and the keys it minted (if it knows keys). */
interface Started {
  url: string;
  keys?: WorkspaceKeys;
  otherWorkspace?: WorkspaceKeys;
  /** A number of the suite's workspace for the read and update checks. */
  phoneNumberId?: string;
  close(): Promise<void>;
}

/** A target this process starts itself, on a free port of 127.0.0.1. */
type Starter = () => Promise<Started>;

/** Targets started in-process; `url` targets are already running. */
const STARTERS: Partial<Record<Target['kind'], Starter>> = {
  mock: async () => {
    const { startMock } = await import('@phone-api/mock');
    const mock = await startMock({ port: 0, host: '127.0.0.1' });
    return { url: mock.url, close: () => mock.close() };
  },
  reference: async () => {
    const { startReferenceServer } = await import('@phone-api/reference-server');
    // A fresh directory per run: the embedded store starts empty, so the seed (the demo workspace with a
    // number of every source) is loaded and nothing of an earlier run is visible.
    const dataDir = await mkdtemp(join(tmpdir(), 'contract-reference-'));
    const server = await startReferenceServer({
      port: 0,
      host: '127.0.0.1',
      database: 'embedded',
      dataDir,
      seed: true,
      verifiedCallerIds: [REFERENCE_VERIFIED_CALLER_E164],
    }).catch(async (error: unknown) => {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    });
    const close = async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    };
    try {
      // The suite gets a workspace of its own: the demo workspace's numbers share the spec examples' e164s,
      // which would turn the positive imports into 409s. The spec's examples bind the agents they name, so
      // the workspace has exactly those agents (the API has no way to create agents: the store does it).
      const suite = await server.createWorkspace('Contract tests', 0);
      for (const agentId of exampleAgentIds()) {
        await server.store.createAgent(suite.id, `Spec example ${agentId}`, agentId);
      }
      const other = await server.createWorkspace('Contract tests: other tenant');
      const keys = { agentsApiKey: suite.apiKeys.agents, convaiApiKey: suite.apiKeys.convai };
      return {
        url: server.url,
        keys,
        otherWorkspace: { agentsApiKey: other.apiKeys.agents, convaiApiKey: other.apiKeys.convai },
        phoneNumberId: await importFixtureNumber(server.url, keys),
        close,
      };
    } catch (error) {
      await close();
      throw error;
    }
  },
};

/** Every agent id the spec's request examples name (the positive checks send them as they are). */
function exampleAgentIds(): string[] {
  const ids = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string' && /^agent_[0-7][0-9a-hjkmnp-tv-z]{25}$/.test(value)) ids.add(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  for (const op of new Contract().operations) visit(op.requestExamples);
  return [...ids];
}

/**
 * Imports the number the read and update checks address, through the API like any client. A `livekit`
 * number, because the update examples need one that is agent-bindable (agents `bind`, convai
 * `assign_agent`) and a SIP trunk on the convai surface (`outbound_trunk`, `livekit_stack`); its e164 is
 * none of the examples', so their imports do not collide with it.
 */
async function importFixtureNumber(baseUrl: string, keys: WorkspaceKeys): Promise<string> {
  const res = await fetch(new URL('/v1/agents/phone-numbers', baseUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${keys.agentsApiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ source: 'livekit', e164: '+13125550100', label: 'Contract tests fixture' }),
    signal: AbortSignal.timeout(5000),
  });
  const body = await res.text();
  if (res.status !== 201) throw new Error(`importing the fixture number got ${res.status}: ${body}`);
  return (JSON.parse(body) as { id: string }).id;
}

/** The settings from the environment, completed by what the started target reported. */
function completeTarget(settings: TargetSettings, started: Started | undefined): Target {
  const baseUrl = started?.url ?? settings.baseUrl;
  const agentsApiKey = started?.keys?.agentsApiKey ?? settings.agentsApiKey;
  const convaiApiKey = started?.keys?.convaiApiKey ?? settings.convaiApiKey;
  const otherWorkspace = started?.otherWorkspace ?? settings.otherWorkspace;
  const phoneNumberId = started?.phoneNumberId ?? settings.phoneNumberId;
  if (!baseUrl) throw new Error(`no base URL for the contract target ${settings.kind}`);
  if (!agentsApiKey || !convaiApiKey) throw new Error(`no API keys for the contract target ${settings.kind}`);
  if (settings.hasOtherWorkspace && !otherWorkspace) {
    throw new Error(`the contract target ${settings.kind} promised a second workspace but has none`);
  }
  return {
    ...settings,
    baseUrl,
    agentsApiKey,
    convaiApiKey,
    ...(otherWorkspace ? { otherWorkspace } : {}),
    ...(phoneNumberId ? { phoneNumberId } : {}),
  };
}

/**
 * Starts the target of this run (the mock or the reference server, on a free port) or checks that a live
 * one is configured, and hands its description to the tests with `provide`. Returns the teardown that
 * stops what it started.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const settings = targetFromEnv();
  const starter = STARTERS[settings.kind];
  const started = starter ? await starter() : undefined;
  let target: Target;
  try {
    target = completeTarget(settings, started);
  } catch (error) {
    await started?.close();
    throw error;
  }
  project.provide('target', target);
  // The tests of every worker append to one log; the conformance reporter (this process) reads it.
  const coverageLog = join(tmpdir(), `contract-coverage-${process.pid}-${Date.now()}.jsonl`);
  await writeFile(coverageLog, '');
  process.env.CONTRACT_COVERAGE_LOG = coverageLog;
  project.provide('coverageLog', coverageLog);
  process.stdout.write(
    `contract target: ${target.kind} at ${target.baseUrl} (writes ${target.allowWrites ? 'on' : 'off'}, ` +
      `${target.stateless ? 'stateless' : 'stateful'}); fast-check seed ${target.seed}, ` +
      `${target.numRuns} runs per property (replay: CONTRACT_SEED=${target.seed})\n`,
  );
  return started ? () => started.close() : async () => {};
}
