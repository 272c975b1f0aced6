/**
 * The UPDATE of a patch: only the patched columns, with the patch's preconditions as guards in its `WHERE`,
 * so a write is row-atomic and a refused patch changes nothing. Each precondition is written once, in
 * {@link PRECONDITIONS}: its guard and the refusal a failed guard maps to.
 */
import type { Dialect } from './db.ts';
import { json, RETURNING } from './rows.ts';
import type { PhonePatch, Provider, Source, Workspace, WriteError } from './types.ts';

/**
 * The parts of a patch's shape: the columns it sets, the preconditions it brings, whether it updates a
 * known row. A shape is the sum of its parts' flags, a number, so that finding its statement costs no
 * allocation per request (a string key would be built and hashed for every PATCH).
 */
const SHAPE = {
  label: 0x1,
  agent_id: 0x2,
  environment: 0x4,
  branch_id: 0x8,
  livekit_stack: 0x10,
  store_sip_messages: 0x20,
  inbound_trunk: 0x40,
  outbound_trunk: 0x80,
  secrets: 0x100,
  bindsAgent: 0x200,
  sipTrunkOnly: 0x400,
  known: 0x800,
} as const;

type PatchedKey = keyof typeof SHAPE & keyof PhonePatch;

/** The columns a patch may set, in parameter order; JSON columns are bound as text. */
const PATCHED: readonly { key: PatchedKey; json: boolean; flag: number }[] = [
  { key: 'label', json: false, flag: SHAPE.label },
  { key: 'agent_id', json: false, flag: SHAPE.agent_id },
  { key: 'environment', json: false, flag: SHAPE.environment },
  { key: 'branch_id', json: false, flag: SHAPE.branch_id },
  { key: 'livekit_stack', json: false, flag: SHAPE.livekit_stack },
  { key: 'store_sip_messages', json: false, flag: SHAPE.store_sip_messages },
  { key: 'inbound_trunk', json: true, flag: SHAPE.inbound_trunk },
  { key: 'outbound_trunk', json: true, flag: SHAPE.outbound_trunk },
];

/** What in a patch brings preconditions: binding an agent (`agent_id` a string), or SIP-only fields. */
type Trigger = 'bindsAgent' | 'sipTrunkOnly';

/** The columns a refusal is judged on. */
export type NumberFacts = { source: Source; provider: Provider };

/** Something a patch requires of the number beyond being live in the workspace. */
interface Precondition {
  when: Trigger;
  /** Its guard in the UPDATE's `WHERE`; `agent` is the placeholder of the agent id the patch binds. */
  guard: (agent: string) => string;
  refusal: WriteError;
  /**
   * Whether a number fails it. An agent's existence is not in the number: a create asks the database and
   * passes `agentFound`; a refused UPDATE does not ask, since when the number passes the other guards the
   * agent's is the one that failed.
   */
  fails: (number: NumberFacts, agentFound: boolean | undefined) => boolean;
}

/** A number must be live and in the caller's workspace; anything else is `not_found`. */
const LIVE = {
  guard: 'p.id = $1 and p.workspace_id = $2 and p.deleted_at is null',
  refusal: 'not_found',
} as const;

/** The preconditions, in the order their refusals take precedence. */
const PRECONDITIONS: readonly Precondition[] = [
  {
    when: 'sipTrunkOnly',
    guard: () => `p.provider = 'sip_trunk'`,
    refusal: 'not_sip_trunk',
    fails: (number) => number.provider !== 'sip_trunk',
  },
  {
    when: 'bindsAgent',
    guard: () => `p.source <> 'verified_caller_id'`,
    refusal: 'not_bindable',
    fails: (number) => number.source === 'verified_caller_id',
  },
  {
    when: 'bindsAgent',
    guard: (agent) => `exists (select 1 from agents a where a.id = ${agent} and a.workspace_id = $2)`,
    refusal: 'agent_not_found',
    fails: (_, agentFound) => agentFound !== true,
  },
];

function brings(patch: PhonePatch, trigger: Trigger): boolean {
  return trigger === 'bindsAgent' ? typeof patch.agent_id === 'string' : patch.requireSipTrunk === true;
}

/** The first precondition of `patch` that `number` fails, by {@link PRECONDITIONS}' order, if any. */
export function refusalOf(
  patch: PhonePatch,
  number: NumberFacts,
  agentFound?: boolean,
): WriteError | undefined {
  for (const precondition of PRECONDITIONS) {
    if (brings(patch, precondition.when) && precondition.fails(number, agentFound))
      return precondition.refusal;
  }
  return undefined;
}

/** Reads the columns a refusal is judged on, of a live number of the workspace (`$1` id, `$2` workspace). */
export const SELECT_FACTS = `select p.source, p.provider from phone_numbers p where ${LIVE.guard}`;

/**
 * Why an UPDATE of `patch` changed nothing, given the number read again just after it (`undefined`: not
 * live in the workspace, e.g. deleted between the two statements: gone). The guards fail only for the
 * table's reasons, so one of them names the refusal; should none, the number is answered as gone.
 */
export function whyRefused(patch: PhonePatch, number: NumberFacts | undefined): WriteError {
  if (!number) return LIVE.refusal;
  return refusalOf(patch, number) ?? LIVE.refusal;
}

/** An UPDATE's text and its parameters so far (see {@link UpdateSql.statement}). */
export interface UpdateStatement {
  text: string;
  params: unknown[];
}

/** Builds each shape's UPDATE once and reuses it (and so its prepared statement). */
export class UpdateSql {
  private readonly dialect: Dialect;
  private readonly texts = new Map<number, string>();

  constructor(dialect: Dialect) {
    this.dialect = dialect;
  }

  /**
   * The UPDATE for a patch and its parameters so far: id, workspace, the patched values in
   * {@link PATCHED} order, the secrets' drop and set. The caller appends the tail: when `known`, the new
   * version, the new `updated_at` and the known version (which the stored one must match); otherwise the
   * time of the write (version and `updated_at` are derived from the row, which is returned).
   */
  statement(id: string, workspace: Workspace, patch: PhonePatch, known: boolean): UpdateStatement {
    const params: unknown[] = [id, workspace.id];
    let shape = known ? SHAPE.known : 0;
    for (let i = 0; i < PATCHED.length; i++) {
      const column = PATCHED[i] as (typeof PATCHED)[number];
      const value = patch[column.key];
      if (value === undefined) continue;
      shape |= column.flag;
      params.push(column.json ? json(value) : value);
    }
    // The two triggers of {@link PRECONDITIONS}, tested here without going through the table: this runs
    // for every PATCH, the table only when a text is built or a refusal judged.
    if (typeof patch.agent_id === 'string') shape |= SHAPE.bindsAgent;
    if (patch.setSecrets || patch.dropSecrets) {
      shape |= SHAPE.secrets;
      params.push(JSON.stringify(patch.dropSecrets ?? []), JSON.stringify(patch.setSecrets ?? {}));
    }
    if (patch.requireSipTrunk) shape |= SHAPE.sipTrunkOnly;
    let text = this.texts.get(shape);
    if (text === undefined) {
      text = updateText(this.dialect, patch, known);
      this.texts.set(shape, text);
    }
    return { text, params };
  }
}

/** The SQL of {@link UpdateSql.statement}, placeholders numbered in the order it gives the values. */
function updateText(dialect: Dialect, patch: PhonePatch, known: boolean): string {
  let n = 2;
  const sets: string[] = [];
  let agent = '';
  for (const { key, json: asJson } of PATCHED) {
    if (patch[key] === undefined) continue;
    n += 1;
    sets.push(`${key} = ${asJson ? dialect.json(`$${n}`) : `$${n}`}`);
    if (key === 'agent_id') agent = `$${n}`;
  }
  if (patch.setSecrets || patch.dropSecrets) {
    sets.push(`secrets = ${dialect.mergeSecrets(`$${n + 1}`, `$${n + 2}`)}`);
    n += 2;
  }
  const guards: string[] = [LIVE.guard];
  for (const precondition of PRECONDITIONS) {
    if (brings(patch, precondition.when)) guards.push(precondition.guard(agent));
  }
  if (known) {
    sets.push(`version = $${n + 1}`, `updated_at = $${n + 2}`);
    guards.push(`p.version = $${n + 3}`);
  } else {
    sets.push('version = p.version + 1', `updated_at = ${dialect.nextUpdatedAt(`$${n + 1}`)}`);
  }
  return `update phone_numbers as p set ${sets.join(', ')}
       where ${guards.join(' and ')}${known ? '' : ` ${RETURNING}`}`;
}
