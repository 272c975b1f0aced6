import { describe, expect, it } from 'vitest';
import { Contract } from '../src/checks.ts';
import { sourceProviderMapping } from '../src/mapping.ts';
import type { OpenApiDocument } from '../src/spec.ts';

const contract = new Contract();
const enumOf = (name: string) => contract.resolveSchema(`#/components/schemas/${name}`).enum as string[];
/** The convai providers: the keys of the response's discriminator mapping. */
const providers = () => {
  const model = contract.resolveSchema('#/components/schemas/GetPhoneNumberResponseModel') as {
    discriminator: { mapping: Record<string, string> };
  };
  return Object.keys(model.discriminator.mapping).sort();
};

describe("the source/provider mapping read from the spec's info.description", () => {
  const mapping = sourceProviderMapping(contract.doc);

  it('gives every agents source a convai provider of the provider enum', () => {
    expect(Object.keys(mapping.providerOfSource).sort()).toEqual([...enumOf('PhoneNumberSource')].sort());
    for (const provider of Object.values(mapping.providerOfSource)) expect(providers()).toContain(provider);
  });

  it('gives every convai provider the source its created numbers get, one that maps back to it', () => {
    for (const [provider, source] of Object.entries(mapping.sourceOfProvider)) {
      expect(mapping.providerOfSource[source]).toBe(provider);
    }
    expect(Object.keys(mapping.sourceOfProvider).sort()).toEqual(providers());
  });

  it.each([
    ['no mapping section', '# Phone numbers\nNothing here.'],
    [
      'a section without the provider -> source sentence',
      '## How `source` maps to `provider`\n| `twilio` | `twilio` | |',
    ],
  ])('fails loudly on %s', (_name, description) => {
    const doc = { ...contract.doc, info: { title: 't', version: '1', description } } as OpenApiDocument;
    expect(() => sourceProviderMapping(doc)).toThrow(/info\.description/);
  });
});
