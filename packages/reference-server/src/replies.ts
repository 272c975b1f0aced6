/**
 * Replies typed by the operation that answers them: a create's reply as kept for its Idempotency-Key and
 * replayed, and the catalogue meaning of each refusal the store can give a create or an update. A reply
 * of the wrong operation, or a refusal whose status the operation does not document, fails to compile.
 */
import {
  errorReply,
  type HandlerRequest,
  type HandlerResponse,
  type SurfaceOf,
} from '@phone-api/server/browser';
import type { PhoneRow, PhoneStore, Scope, StoredReply, Workspace, WriteError } from './store/index.ts';

/** The creates: the operations that honour an `Idempotency-Key`. */
export type CreateOperation = 'agentsImportPhoneNumber' | 'convaiCreatePhoneNumber';

/**
 * A create's reply, with the row it wrote (for the store's cache) when it wrote one. Every documented reply
 * of a create has a JSON body, so it is also the plain reply the store keeps.
 */
export type Created<K extends CreateOperation> = HandlerResponse<K> & StoredReply & { row?: PhoneRow };

/** What an idempotent create needs of the store (a structural slice, so any store shape with it will do). */
export type IdempotencyStore = Pick<PhoneStore, 'db' | 'withIdempotency'>;

/**
 * Runs a create directly, or under the request's `Idempotency-Key`. A replayed reply is the one this same
 * operation kept for the key: keys are scoped by workspace and surface, and each surface has exactly one
 * create, so what the store gives back as a plain status and JSON body is a reply of `K`. A key used with
 * another body is refused with the 409 every create documents (the type test holds that for both).
 */
export async function idempotent<K extends CreateOperation>(
  store: IdempotencyStore,
  req: HandlerRequest<K, Workspace>,
  surface: SurfaceOf<K>,
  create: (sql: Scope) => Promise<Created<K>>,
): Promise<HandlerResponse<K>> {
  const key = req.headers['idempotency-key'];
  if (key === undefined) return create(store.db);
  const reply = await store.withIdempotency(req.workspace, surface, key, req.body, create);
  const answer = reply === 'mismatch' ? errorReply('idempotency_key_reused', surface, req.requestId) : reply;
  return answer as HandlerResponse<K>;
}

/**
 * The catalogue meaning of each refusal the store can give a write. A create looks no number up and asks
 * for no trunk settings; an update never writes an e164, so it cannot conflict. `not_sip_trunk` only comes
 * from a convai update, which answers it with its field before asking here; anywhere else the number is
 * treated as not found. `undefined` marks a refusal the write cannot meet.
 */
const REFUSALS: { readonly [W in Write]: Readonly<Record<WriteError, RefusalOf<W> | undefined>> } = {
  create: {
    conflict: 'phone_number_conflict',
    agent_not_found: 'agent_not_found',
    not_bindable: 'not_bindable',
    not_found: undefined,
    not_sip_trunk: undefined,
  },
  update: {
    conflict: undefined,
    agent_not_found: 'agent_not_found',
    not_bindable: 'not_bindable',
    not_found: 'phone_number_not_found',
    not_sip_trunk: 'phone_number_not_found',
  },
};

/** The meanings a refusal of each kind of write can have. */
interface Refusals {
  create: 'phone_number_conflict' | 'agent_not_found' | 'not_bindable';
  update: 'phone_number_not_found' | 'agent_not_found' | 'not_bindable';
}

/** The kinds of write the store refuses. */
export type Write = keyof Refusals;

/** The meanings a refusal of a `W` can have. */
export type RefusalOf<W extends Write> = Refusals[W];

/**
 * The catalogue meaning of a `write` the store refused. A refusal the write cannot meet means the store
 * broke its word: that is a 500 (the handler throws), not a status the operation does not document.
 */
export function refusal<W extends Write>(write: W, error: WriteError): RefusalOf<W> {
  const meaning = REFUSALS[write][error];
  if (meaning === undefined) throw new Error(`the store refused a ${write} as ${error}, which it cannot be`);
  return meaning;
}
