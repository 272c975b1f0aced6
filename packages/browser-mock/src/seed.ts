/**
 * What the mock starts from: the stateful mock's demo workspace (the same keys, `DEMO_API_KEYS`), or a
 * test's own agents and numbers in a workspace with those keys.
 */
import {
  DEMO_API_KEYS,
  DEMO_WORKSPACE_ID,
  type MemoryStore,
  type NewPhoneNumber,
  seedDemo,
  withholdSecrets,
} from '@phone-api/reference-server/browser';

/** Data for {@link seedStore}: the demo workspace (`'demo'`), or these agents and numbers in it. */
export type SeedData =
  | 'demo'
  | {
      /** Agents of the workspace (ids are made when not given). */
      agents?: readonly { name: string; id?: string }[];
      /**
       * Numbers in the store's form (`agent_id` must name one of `agents`); the newest is listed first,
       * so give `created_at` to set an order.
       */
      numbers?: readonly NewPhoneNumber[];
    };

/** What a seed made: the workspace's agents and numbers, in the order given. */
export interface Seeded {
  workspaceId: string;
  agentIds: string[];
  numberIds: string[];
}

/** Loads `data` into an empty store, in a workspace answering to `DEMO_API_KEYS`. */
export async function seedStore(store: MemoryStore, data: SeedData): Promise<Seeded> {
  if (data === 'demo') {
    await seedDemo(store, withholdSecrets);
    const numbers = await store.listPhoneNumbers({ id: DEMO_WORKSPACE_ID }, 100);
    return {
      workspaceId: DEMO_WORKSPACE_ID,
      agentIds: await store.agentIds(DEMO_WORKSPACE_ID),
      numberIds: numbers.map((row) => row.id).reverse(),
    };
  }
  const { id } = await store.createWorkspace('Mock workspace', {
    id: DEMO_WORKSPACE_ID,
    apiKeys: DEMO_API_KEYS,
  });
  const agentIds: string[] = [];
  for (const agent of data.agents ?? []) agentIds.push(await store.createAgent(id, agent.name, agent.id));
  const numberIds: string[] = [];
  for (const number of data.numbers ?? []) {
    const result = await store.createPhoneNumber({ id }, number);
    if (!result.ok) throw new Error(`seeding ${number.e164} failed: ${result.error}`);
    numberIds.push(result.row.id);
  }
  return { workspaceId: id, agentIds, numberIds };
}
