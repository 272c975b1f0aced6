import type { PhoneNumbersClient } from '@phone-api/client';

/** What a positive call needs: the id to address and the body to send (a spec example). */
export interface PositiveInput {
  id: string;
  body: unknown;
}

/** The parts of a client result every operation shares. */
export interface ClientOutcome {
  ok: boolean;
  status: number;
  requestId: string | undefined;
}

/**
 * How to call each operation of the spec through the typed client. Keyed by operationId; the coverage test
 * fails when the spec has an operation missing here, so a new operation cannot go untested. Bodies are
 * the spec's own examples, typed by the client's request types.
 */
export const POSITIVE_CALLS: Record<
  string,
  (client: PhoneNumbersClient, input: PositiveInput) => Promise<ClientOutcome>
> = {
  agentsListPhoneNumbers: (c) => c.agents.phoneNumbers.list(),
  agentsImportPhoneNumber: (c, { body }) =>
    c.agents.phoneNumbers.import(body as Parameters<typeof c.agents.phoneNumbers.import>[0]),
  agentsGetPhoneNumber: (c, { id }) => c.agents.phoneNumbers.get(id),
  agentsUpdatePhoneNumber: (c, { id, body }) =>
    c.agents.phoneNumbers.update(id, body as Parameters<typeof c.agents.phoneNumbers.update>[1]),
  agentsDeletePhoneNumber: (c, { id }) => c.agents.phoneNumbers.delete(id),
  convaiListPhoneNumbers: (c) => c.convai.phoneNumbers.list(),
  convaiCreatePhoneNumber: (c, { body }) =>
    c.convai.phoneNumbers.create(body as Parameters<typeof c.convai.phoneNumbers.create>[0]),
  convaiGetPhoneNumber: (c, { id }) => c.convai.phoneNumbers.get(id),
  convaiUpdatePhoneNumber: (c, { id, body }) =>
    c.convai.phoneNumbers.update(id, body as Parameters<typeof c.convai.phoneNumbers.update>[1]),
  convaiDeletePhoneNumber: (c, { id }) => c.convai.phoneNumbers.delete(id),
};
