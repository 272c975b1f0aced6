import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type Api, errorMessage } from './api.ts';
import type { Settings } from './settings.ts';

export function App({ api, settings }: { api: Api; settings: Settings }) {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', margin: '1.5rem', maxWidth: 1100 }}>
      <h1>Phone numbers</h1>
      <p data-testid="target">
        API: {settings.browserMock ? `the in-browser mock at ${settings.baseUrl}` : settings.baseUrl}
        {settings.delayMs !== undefined ? ` (every answer delayed ${settings.delayMs} ms)` : ''}
      </p>
      <AgentsNumbers api={api} />
      <LookUp api={api} />
      <ConvaiNumbers api={api} />
      <AddConvaiNumber api={api} />
    </main>
  );
}

const AGENTS_LIST = '/v1/agents/phone-numbers';
const CONVAI_LIST = '/v1/convai/phone-numbers';

/** The agents surface's list, with a label editor and an unbind button per number. */
function AgentsNumbers({ api }: { api: Api }) {
  const list = api.agents.useQuery('get', AGENTS_LIST, { params: { query: { limit: 50 } } });
  return (
    <section aria-labelledby="agents-heading">
      <h2 id="agents-heading">Agents surface</h2>
      {list.isLoading && <p data-testid="agents-loading">Loading numbers…</p>}
      {list.error && <p role="alert">{errorMessage(list.error)}</p>}
      {list.data && (
        <table data-testid="agents-table">
          <thead>
            <tr>
              <th>Number</th>
              <th>Source</th>
              <th>Label</th>
              <th>Agent</th>
            </tr>
          </thead>
          <tbody>
            {list.data.numbers.map((number) => (
              <AgentsRow key={number.id} api={api} number={number} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface AgentsNumber {
  id: string;
  e164: string;
  source: string;
  label: string;
  agent_id: string | null;
}

function AgentsRow({ api, number }: { api: Api; number: AgentsNumber }) {
  const queryClient = useQueryClient();
  const [label, setLabel] = useState(number.label);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['get', AGENTS_LIST] });
  const update = api.agents.useMutation('patch', '/v1/agents/phone-numbers/{id}', { onSuccess: refresh });
  const save = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ params: { path: { id: number.id } }, body: { label } });
  };
  return (
    <tr data-testid={`agents-row-${number.e164}`}>
      <td>{number.e164}</td>
      <td>{number.source}</td>
      <td>
        <form onSubmit={save}>
          <input
            aria-label={`Label of ${number.e164}`}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
          <button type="submit" disabled={update.isPending}>
            Save
          </button>
        </form>
        {update.error && <span role="alert">{errorMessage(update.error)}</span>}
      </td>
      <td>
        {number.agent_id ?? 'none'}{' '}
        {number.agent_id && (
          <button
            type="button"
            disabled={update.isPending}
            onClick={() =>
              update.mutate({ params: { path: { id: number.id } }, body: { clear_agent_id: true } })
            }
          >
            Unbind agent
          </button>
        )}
      </td>
    </tr>
  );
}

/** Opens one number by id: an unknown id shows the agents surface's 404. */
function LookUp({ api }: { api: Api }) {
  const [draft, setDraft] = useState('');
  const [id, setId] = useState<string | undefined>(undefined);
  const found = api.agents.useQuery(
    'get',
    '/v1/agents/phone-numbers/{id}',
    { params: { path: { id: id ?? '' } } },
    { enabled: id !== undefined },
  );
  return (
    <section aria-labelledby="lookup-heading">
      <h2 id="lookup-heading">Look up a number</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setId(draft.trim());
        }}
      >
        <input aria-label="Phone number id" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit">Look up</button>
      </form>
      {found.isFetching && <p>Looking…</p>}
      {found.error && (
        <p role="alert" data-testid="lookup-error">
          {errorMessage(found.error)}
        </p>
      )}
      {found.data && (
        <p data-testid="lookup-result">{`${found.data.e164} (${found.data.label || 'no label'})`}</p>
      )}
    </section>
  );
}

/** The convai surface's list. */
function ConvaiNumbers({ api }: { api: Api }) {
  const list = api.convai.useQuery('get', CONVAI_LIST);
  return (
    <section aria-labelledby="convai-heading">
      <h2 id="convai-heading">Convai surface</h2>
      {list.isLoading && <p data-testid="convai-loading">Loading numbers…</p>}
      {list.error && <p role="alert">{errorMessage(list.error)}</p>}
      {list.data && (
        <table data-testid="convai-table">
          <thead>
            <tr>
              <th>Number</th>
              <th>Provider</th>
              <th>Label</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((number) => (
              <tr key={number.phone_number_id} data-testid={`convai-row-${number.phone_number}`}>
                <td>{number.phone_number}</td>
                <td>{number.provider}</td>
                <td>{number.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Adds a SIP trunk number on the convai surface: a number the API refuses shows its 422. */
function AddConvaiNumber({ api }: { api: Api }) {
  const queryClient = useQueryClient();
  const [phoneNumber, setPhoneNumber] = useState('');
  const create = api.convai.useMutation('post', CONVAI_LIST, {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['get', CONVAI_LIST] }),
  });
  return (
    <section aria-labelledby="add-heading">
      <h2 id="add-heading">Add a SIP trunk number</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({
            body: { provider: 'sip_trunk', phone_number: phoneNumber, label: 'Added in the example' },
          });
        }}
      >
        <input
          aria-label="New phone number"
          value={phoneNumber}
          onChange={(e) => setPhoneNumber(e.target.value)}
        />
        <button type="submit" disabled={create.isPending}>
          Add
        </button>
      </form>
      {create.error && (
        <p role="alert" data-testid="add-error">
          {errorMessage(create.error)}
        </p>
      )}
      {create.isSuccess && <p data-testid="add-done">Added.</p>}
    </section>
  );
}
