import { describe, expect, it } from 'vitest';
import { createRequestValidator } from '../src/index.ts';
import { CONVAI_KEY, spec } from './support.ts';

// `CreatePhoneNumberRequest` is an `anyOf` of three open bodies; on its own a body with a malformed `sid`
// would pass as a SIP-trunk body. The spec decides the provider (`if`/`then`/`else`), the validator reports
// that verdict, and a body carrying a provider's own fields is validated as that provider's body alone.

const validate = createRequestValidator(spec);
const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const EXOTEL = {
  account_sid: 'acme-exotel',
  api_key: 'exo-key-7f3a',
  api_token: 'exo-token-9b2c',
  api_subdomain: 'api.in.exotel.com',
  app_id: '12345',
};
const BASE = { phone_number: '+12025557574', label: 'x' };

function create(body: unknown) {
  return validate(
    {
      method: 'POST',
      url: '/v1/convai/phone-numbers',
      headers: { 'xi-api-key': CONVAI_KEY, 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(body)),
    },
    'req_test0000',
  );
}

type Want = { provider: string } | { refused: (string | number)[][] };

const cases: [string, { given: unknown; want: Want }][] = [
  // Bodies the reference document accepts, without `provider`: the fields pick the provider.
  [
    'a Twilio body without provider is Twilio',
    { given: { ...BASE, sid: SID, token: TOKEN }, want: { provider: 'twilio' } },
  ],
  [
    'an Exotel body without provider is Exotel',
    { given: { ...BASE, ...EXOTEL }, want: { provider: 'exotel' } },
  ],
  ['a body with neither is a SIP trunk', { given: BASE, want: { provider: 'sip_trunk' } }],
  [
    'a SIP-trunk body with optional fields of other bodies stays a SIP trunk',
    { given: { ...BASE, enable_sms: false, applet_url: null }, want: { provider: 'sip_trunk' } },
  ],
  [
    'Twilio and Exotel fields without provider: Twilio, the first body',
    { given: { ...BASE, sid: SID, token: TOKEN, ...EXOTEL }, want: { provider: 'twilio' } },
  ],
  // `provider` decides whenever it is sent.
  [
    'provider sip_trunk with a sid is a SIP trunk (the sid is an ignored extra)',
    { given: { ...BASE, provider: 'sip_trunk', sid: 'not-a-sid' }, want: { provider: 'sip_trunk' } },
  ],
  [
    'provider exotel with Exotel fields is Exotel',
    { given: { ...BASE, provider: 'exotel', ...EXOTEL }, want: { provider: 'exotel' } },
  ],
  // The bodies: each is judged as the provider whose fields it carries, and refused naming the field.
  [
    'a malformed sid is refused, naming sid',
    { given: { ...BASE, sid: 'not-a-sid', token: TOKEN }, want: { refused: [['body', 'sid']] } },
  ],
  [
    'the issue body with a truncated token is refused, naming sid and token',
    {
      given: { ...BASE, sid: 'not-a-sid', token: '9f8e...' },
      want: {
        refused: [
          ['body', 'sid'],
          ['body', 'token'],
        ],
      },
    },
  ],
  [
    'sid: null is refused, naming sid',
    { given: { ...BASE, sid: null, token: TOKEN }, want: { refused: [['body', 'sid']] } },
  ],
  [
    'sid: false is refused, naming sid',
    { given: { ...BASE, sid: false, token: TOKEN }, want: { refused: [['body', 'sid']] } },
  ],
  [
    'token: null is refused, naming token',
    { given: { ...BASE, sid: SID, token: null }, want: { refused: [['body', 'token']] } },
  ],
  [
    'a sid without token is refused, naming token',
    { given: { ...BASE, sid: SID }, want: { refused: [['body', 'token']] } },
  ],
  [
    'an Exotel body with api_key: null is refused, naming api_key, not taken as a SIP trunk',
    { given: { ...BASE, ...EXOTEL, api_key: null }, want: { refused: [['body', 'api_key']] } },
  ],
  [
    'one Exotel field alone makes an Exotel body, refused for the missing ones',
    {
      given: { ...BASE, app_id: '12345' },
      want: {
        refused: [
          ['body', 'account_sid'],
          ['body', 'api_key'],
          ['body', 'api_token'],
          ['body', 'api_subdomain'],
        ],
      },
    },
  ],
  [
    'provider twilio without sid is refused, naming sid',
    { given: { ...BASE, provider: 'twilio', token: TOKEN }, want: { refused: [['body', 'sid']] } },
  ],
  [
    'an unknown provider is refused, naming provider',
    { given: { ...BASE, provider: 'vonage' }, want: { refused: [['body', 'provider']] } },
  ],
  [
    'applet_url that is not an http(s) URL is refused, naming it',
    { given: { ...BASE, ...EXOTEL, applet_url: 'not a url' }, want: { refused: [['body', 'applet_url']] } },
  ],
];

describe('POST /v1/convai/phone-numbers: the provider is the spec’s verdict', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    const result = create(given);
    if ('provider' in want) {
      expect(result.ok ? result.request.variant : result.reply.body).toEqual({ provider: want.provider });
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reply.status).toBe(422);
    // The fields named, each once (a value may break two rules of one field, e.g. pattern and format).
    const detail = (result.reply.body as { detail: { loc: (string | number)[] }[] }).detail;
    const locs = [...new Set(detail.map((d) => JSON.stringify(d.loc)))].map((l) => JSON.parse(l));
    expect(locs).toEqual(want.refused);
  });
});
