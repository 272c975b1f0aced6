import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../src/checks.ts';
import { type RawRequest, sendAndCheck, sendAndCheckError } from '../src/http.ts';
import { sourceProviderMapping } from '../src/mapping.ts';
import { applicability } from '../src/matrix.ts';
import { fillPath, type SpecOperation, type Surface } from '../src/spec.ts';
import { authHeaders, type WorkspaceKeys } from '../src/target.ts';
import {
  assertConforms,
  contract,
  contractTest,
  exampleAgentId,
  freshE164,
  resolve,
  SURFACE_ERRORS,
  target,
  unknownPhoneNumberId,
} from './support.ts';

/**
 * Stateful scenarios: sequences whose later answers depend on earlier ones (Prism's mock cannot pass them;
 * a real server must). Every response still goes through the same checks as the rest of the suite
 * (`checkResponse`: status, content type, schema, headers), then the scenario checks what it says.
 */

type Verb = 'list' | 'create' | 'get' | 'update' | 'delete';
const OPERATION_IDS: Record<Surface, Record<Verb, string>> = {
  agents: {
    list: 'agentsListPhoneNumbers',
    create: 'agentsImportPhoneNumber',
    get: 'agentsGetPhoneNumber',
    update: 'agentsUpdatePhoneNumber',
    delete: 'agentsDeletePhoneNumber',
  },
  convai: {
    list: 'convaiListPhoneNumbers',
    create: 'convaiCreatePhoneNumber',
    get: 'convaiGetPhoneNumber',
    update: 'convaiUpdatePhoneNumber',
    delete: 'convaiDeletePhoneNumber',
  },
};
const SURFACES: Surface[] = ['agents', 'convai'];
const other = (surface: Surface): Surface => (surface === 'agents' ? 'convai' : 'agents');
const operation = (surface: Surface, verb: Verb) => contract.operation(OPERATION_IDS[surface][verb]);
const ALL_OPERATIONS = SURFACES.flatMap((s) =>
  Object.values(OPERATION_IDS[s]).map((id) => contract.operation(id)),
);

/** The agents surface's view of a number. */
interface AgentsNumber {
  id: string;
  e164: string;
  source: string;
  label: string;
  agent_id: string | null;
  created_at: string;
  updated_at: string;
}
/** The convai surface's view of a number. */
interface ConvaiNumber {
  phone_number_id: string;
  phone_number: string;
  provider: string;
  label: string;
  assigned_agent: { agent_id: string } | null;
}

/** One request of a scenario; `keys` default to the target's (first) workspace. */
interface Step {
  id?: string;
  body?: unknown;
  query?: Record<string, string>;
  keys?: WorkspaceKeys;
}

function request(op: SpecOperation, step: Step): RawRequest {
  const pathParam = op.parameters.find((p) => p.in === 'path');
  const path = pathParam ? fillPath(op.path, { [pathParam.name]: step.id ?? '' }) : op.path;
  return {
    method: op.method,
    path,
    headers: {
      ...authHeaders(step.keys ?? target, op.surface),
      ...(step.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(step.query ? { query: step.query } : {}),
    ...(step.body === undefined ? {} : { body: JSON.stringify(step.body) }),
  };
}

/** Sends a step, runs every response check, and insists on the status the scenario expects. */
async function expectStatus(op: SpecOperation, step: Step, status: number): Promise<CheckReport> {
  const report = await sendAndCheck(contract, target.baseUrl, op.operationId, request(op, step));
  assertConforms(report);
  if (report.status !== status) {
    throw new Error(
      `${op.operationId} ${report.request}: expected ${status}, got ${report.status}: ${JSON.stringify(report.json)}`,
    );
  }
  return report;
}

/** Sends a step that must be a 404 in the surface's shape (`phone_number_not_found` / `not_found`). */
async function expectNotFound(op: SpecOperation, step: Step): Promise<CheckReport> {
  const report = await sendAndCheckError(
    contract,
    target.baseUrl,
    op.operationId,
    request(op, step),
    SURFACE_ERRORS[op.surface].notFound,
  );
  assertConforms(report);
  return report;
}

/** The spec's create examples of a surface, by name, with a fresh e164 (the examples' own are taken). */
function createBodies(surface: Surface): [string, Record<string, unknown>][] {
  const field = surface === 'agents' ? 'e164' : 'phone_number';
  return Object.entries(operation(surface, 'create').requestExamples).map(([name, example]) => [
    name,
    { ...(example as Record<string, unknown>), [field]: freshE164() },
  ]);
}

/** Creates a number on a surface; returns its id. */
async function create(surface: Surface, body: unknown, keys?: WorkspaceKeys): Promise<string> {
  const op = operation(surface, 'create');
  const report = await expectStatus(
    op,
    { body, ...(keys ? { keys } : {}) },
    surface === 'agents' ? 201 : 200,
  );
  const json = report.json as { id?: string; phone_number_id?: string };
  const id = json.id ?? json.phone_number_id;
  if (!id) throw new Error(`${op.operationId}: the answer carries no id`);
  return id;
}

async function getAgents(id: string, keys?: WorkspaceKeys): Promise<AgentsNumber> {
  return (await expectStatus(operation('agents', 'get'), { id, ...(keys ? { keys } : {}) }, 200))
    .json as AgentsNumber;
}
async function getConvai(id: string, keys?: WorkspaceKeys): Promise<ConvaiNumber> {
  return (await expectStatus(operation('convai', 'get'), { id, ...(keys ? { keys } : {}) }, 200))
    .json as ConvaiNumber;
}

/** Every id the surface's list shows to a workspace (the agents list is followed through all its pages). */
async function listIds(surface: Surface, keys?: WorkspaceKeys): Promise<string[]> {
  const op = operation(surface, 'list');
  const withKeys = keys ? { keys } : {};
  if (surface === 'convai') {
    const report = await expectStatus(op, withKeys, 200);
    return (report.json as ConvaiNumber[]).map((n) => n.phone_number_id);
  }
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const query: Record<string, string> = { limit: '200', ...(cursor ? { cursor } : {}) };
    const report = await expectStatus(op, { query, ...withKeys }, 200);
    const json = report.json as { numbers: AgentsNumber[]; next_cursor: string | null };
    ids.push(...json.numbers.map((n) => n.id));
    cursor = json.next_cursor;
    if (!cursor) return ids;
  }
  throw new Error('the agents list did not end within 100 pages');
}

const stateful = (scenario: 'lifecycle' | 'cross-surface' | 'tenancy') =>
  applicability(ALL_OPERATIONS[0] as SpecOperation, scenario, target, resolve) === 'run';

if (target.stateless && target.allowWrites) {
  // The scenarios are n.a. here; this shows the reason the table prints is true of the target.
  describe('a stateless target', () => {
    it('is stateless as it declares: a PATCH does not show in a later GET, so the stateful scenarios are n.a.', async () => {
      const update = operation('agents', 'update');
      const idParam = update.parameters.find((p) => p.in === 'path');
      const id = idParam?.examples.find((e): e is string => typeof e === 'string');
      if (!id) throw new Error('the agents update operation has no example id');
      const label = `stateless probe ${freshE164()}`;
      await expectStatus(update, { id, body: { label } }, 200);
      expect((await getAgents(id)).label).not.toBe(label);
    });
  });
}

if (stateful('lifecycle')) {
  describe('lifecycle: create, get, update, list, delete, then 404', () => {
    for (const surface of SURFACES) {
      const ops = (Object.keys(OPERATION_IDS[surface]) as Verb[]).map((v) => operation(surface, v));
      contractTest(
        ops,
        'lifecycle',
        `on the ${surface} surface, every step sees the one before`,
        async () => {
          const [, body] = createBodies(surface)[0] as [string, Record<string, unknown>];
          const id = await create(surface, body);
          const agentId = exampleAgentId();
          const label = `Lifecycle ${surface}`;

          if (surface === 'agents') {
            const created = await getAgents(id);
            expect(created).toMatchObject({ id, e164: body.e164, source: body.source });
            const updated = (
              await expectStatus(
                operation(surface, 'update'),
                { id, body: { label, agent_id: agentId } },
                200,
              )
            ).json as AgentsNumber;
            expect(updated).toMatchObject({ id, label, agent_id: agentId, created_at: created.created_at });
            expect(Date.parse(updated.updated_at)).toBeGreaterThan(Date.parse(created.updated_at));
            expect(await getAgents(id)).toEqual(updated);
          } else {
            const created = await getConvai(id);
            expect(created).toMatchObject({
              phone_number_id: id,
              phone_number: body.phone_number,
              provider: body.provider,
            });
            const updated = (
              await expectStatus(
                operation(surface, 'update'),
                { id, body: { label, agent_id: agentId } },
                200,
              )
            ).json as ConvaiNumber;
            expect(updated).toMatchObject({
              phone_number_id: id,
              label,
              assigned_agent: { agent_id: agentId },
            });
            expect(await getConvai(id)).toEqual(updated);
          }

          expect(await listIds(surface)).toContain(id);
          await expectStatus(operation(surface, 'delete'), { id }, surface === 'agents' ? 204 : 200);
          await expectNotFound(operation(surface, 'get'), { id });
          await expectNotFound(operation(surface, 'update'), { id, body: { label: 'after delete' } });
          await expectNotFound(operation(surface, 'delete'), { id });
          expect(await listIds(surface)).not.toContain(id);
        },
      );
    }
  });
}

if (stateful('cross-surface')) {
  const mapping = sourceProviderMapping(contract.doc);
  describe('cross-surface: a number created on one surface is visible and updatable on the other', () => {
    for (const from of SURFACES) {
      const to = other(from);
      const ops = [
        operation(from, 'create'),
        ...(['get', 'update', 'list', 'delete'] as const).map((v) => operation(to, v)),
        operation(from, 'get'),
      ];
      for (const [name, body] of createBodies(from)) {
        contractTest(
          ops,
          'cross-surface',
          `the ${from} "${name}" example: ${to} shows it with the spec's mapping, updates it, deletes it`,
          async () => {
            const id = await create(from, body);
            const agentId = exampleAgentId();
            const label = `Cross-surface ${from} ${name}`;
            if (from === 'agents') {
              const seen = await getAgents(id);
              const view = await getConvai(id);
              // The server picks the final source (a twilio import may become verified_caller_id); the
              // provider must follow the source it picked.
              expect(view).toMatchObject({
                phone_number_id: id,
                phone_number: seen.e164,
                provider: mapping.providerOfSource[seen.source],
                label: seen.label,
              });
              expect(view.assigned_agent?.agent_id ?? null).toBe(seen.agent_id);
              await expectStatus(operation(to, 'update'), { id, body: { label, agent_id: agentId } }, 200);
              expect(await getAgents(id)).toMatchObject({
                id,
                label,
                agent_id: agentId,
                created_at: seen.created_at,
              });
            } else {
              const seen = await getConvai(id);
              const view = await getAgents(id);
              expect(view).toMatchObject({
                id,
                e164: seen.phone_number,
                source: mapping.sourceOfProvider[body.provider as string],
                label: seen.label,
              });
              expect(view.agent_id).toBe(seen.assigned_agent?.agent_id ?? null);
              await expectStatus(operation(to, 'update'), { id, body: { label, agent_id: agentId } }, 200);
              expect(await getConvai(id)).toMatchObject({
                phone_number_id: id,
                label,
                assigned_agent: { agent_id: agentId },
              });
            }
            expect(await listIds(to)).toContain(id);
            await expectStatus(operation(to, 'delete'), { id }, to === 'agents' ? 204 : 200);
            await expectNotFound(operation(from, 'get'), { id });
          },
        );
      }
    }
  });
}

if (stateful('tenancy')) {
  describe("tenancy: another workspace's number is a 404 on every operation, like a missing one", () => {
    const stranger = (): WorkspaceKeys => {
      if (!target.otherWorkspace) throw new Error('the target has no second workspace');
      return target.otherWorkspace;
    };

    /** The body and status of a 404 without what differs per request (request id, the id asked for). */
    const normalized = (report: CheckReport, id: string) => ({
      status: report.status,
      body: JSON.stringify(report.json, (k, v) => (k === 'request_id' ? undefined : v)).replaceAll(
        id,
        '<id>',
      ),
    });

    for (const owner of SURFACES) {
      // Every operation but the other surface's create, which the other test of this pair exercises.
      const ops = ALL_OPERATIONS.filter((o) => o.operationId !== OPERATION_IDS[other(owner)].create);
      contractTest(
        ops,
        'tenancy',
        `a number created on the ${owner} surface: the other workspace cannot read, list, change or delete it`,
        async () => {
          const [, body] = createBodies(owner)[0] as [string, Record<string, unknown>];
          const id = await create(owner, body);
          const before = await getAgents(id);
          const missing = unknownPhoneNumberId();
          for (const surface of SURFACES) {
            const steps: [SpecOperation, Step][] = [
              [operation(surface, 'get'), {}],
              [operation(surface, 'update'), { body: { label: 'taken over' } }],
              [operation(surface, 'delete'), {}],
            ];
            for (const [op, step] of steps) {
              const theirs = await expectNotFound(op, { ...step, id, keys: stranger() });
              const nobodys = await expectNotFound(op, { ...step, id: missing, keys: stranger() });
              expect(normalized(theirs, id), `${op.operationId}: differs from a missing number`).toEqual(
                normalized(nobodys, missing),
              );
            }
            expect(await listIds(surface, stranger())).not.toContain(id);
          }
          // Nothing the stranger sent changed the number.
          expect(await getAgents(id)).toEqual(before);

          // The same e164 is free in the other workspace (a 409 would tell it the number exists here), and
          // what the stranger creates stays invisible to the owner.
          // The owner's agents are as invisible as its numbers.
          const { agent_id: ownersAgent, ...unbound } = body;
          if (ownersAgent !== undefined) {
            const refused = await sendAndCheckError(
              contract,
              target.baseUrl,
              OPERATION_IDS[owner].create,
              request(operation(owner, 'create'), { body, keys: stranger() }),
              { status: 422, codes: ['agent_not_found'] },
            );
            assertConforms(refused);
          }
          const theirs = await create(owner, unbound, stranger());
          expect(theirs).not.toBe(id);
          await expectNotFound(operation(owner, 'get'), { id: theirs });
          expect(await listIds(other(owner))).not.toContain(theirs);
          await expectStatus(
            operation(owner, 'delete'),
            { id: theirs, keys: stranger() },
            owner === 'agents' ? 204 : 200,
          );
          await expectStatus(operation(owner, 'delete'), { id }, owner === 'agents' ? 204 : 200);
        },
      );
    }
  });
}
