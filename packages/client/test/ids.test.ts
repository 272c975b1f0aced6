import { describe, expect, it } from 'vitest';
import {
  assertId,
  checkId,
  generateId,
  InvalidIdError,
  idFromUuid,
  isAgentId,
  isPhoneNumberId,
  isTrunkId,
  parseId,
  uuidv7,
} from '../src/index.ts';

const UUID_V7_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('prefixed ids', () => {
  it('round-trips generated UUIDv7s through id and back', () => {
    for (let i = 0; i < 500; i++) {
      const uuid = uuidv7();
      expect(uuid).toMatch(UUID_V7_RE);
      for (const prefix of ['phone', 'agent', 'trunk'] as const) {
        const id = idFromUuid(prefix, uuid);
        expect(id).toMatch(new RegExp(`^${prefix}_[0-7][0-9a-hjkmnp-tv-z]{25}$`));
        expect(parseId(id)).toEqual({ prefix, uuid });
      }
    }
  });

  it('encodes the boundary UUIDs (all zeros, all ones)', () => {
    expect(idFromUuid('phone', '00000000-0000-0000-0000-000000000000')).toBe(`phone_${'0'.repeat(26)}`);
    expect(idFromUuid('phone', 'ffffffff-ffff-ffff-ffff-ffffffffffff')).toBe(`phone_7${'z'.repeat(25)}`);
    expect(parseId(`trunk_7${'z'.repeat(25)}`).uuid).toBe('ffffffff-ffff-ffff-ffff-ffffffffffff');
  });

  it('matches the TypeID reference vector', () => {
    // From the TypeID specification's valid test cases.
    expect(idFromUuid('phone', '01890a5d-ac96-774b-bcce-b302099a8057')).toBe(
      'phone_01h455vb4pex5vsknk084sn02q',
    );
  });

  it('uuidv7 puts the timestamp first, so ids sort by creation time', () => {
    const zeros = (b: Uint8Array) => b.fill(0);
    const early = uuidv7(Date.parse('2026-01-01T00:00:00Z'), zeros);
    const late = uuidv7(Date.parse('2026-01-01T00:00:00.001Z'), zeros);
    // 2026-01-01T00:00:00Z is 0x019b76daa800 ms since the epoch.
    expect(early).toBe('019b76da-a800-7000-8000-000000000000');
    expect(idFromUuid('phone', early) < idFromUuid('phone', late)).toBe(true);
  });

  it('generateId makes a valid id of the prefix that encodes a UUIDv7', () => {
    const id = generateId('agent');
    expect(isAgentId(id)).toBe(true);
    expect(parseId(id, 'agent').uuid).toMatch(UUID_V7_RE);
  });

  it('accepts the ids used in the spec examples', () => {
    expect(isPhoneNumberId('phone_01kjqh7vm8fg9vjw2pv29p5pjw')).toBe(true);
    expect(isAgentId('agent_01kbcnnn80f9w89eekvvxb6ss8')).toBe(true);
    expect(isTrunkId('trunk_01kagb9r80ehc8e5k2fjx2vqm3')).toBe(true);
    // The spec promises the 26 characters encode a UUIDv7; its examples keep that promise.
    for (const id of [
      'phone_01kjqh7vm8fg9vjw2pv29p5pjw',
      'agent_01kbcnnn80f9w89eekvvxb6ss8',
      'trunk_01kagb9r80ehc8e5k2fjx2vqm3',
    ]) {
      expect(parseId(id).uuid).toMatch(UUID_V7_RE);
    }
  });

  it.each([
    ['a legacy UUID', '0f8fad5b-d9cb-469f-a165-70867728950e', /bare UUID/],
    ['uppercase', 'phone_01KWJRP1XPA7Z3DJ8FSSZ5AWSH', /uppercase/],
    ['an uppercase prefix', 'PHONE_01kwjrp1xpa7z3dj8fssz5awsh', /unknown prefix "PHONE"/],
    ['"u" (not in the alphabet)', 'phone_01kwjrp1xpa7z3dj8fssz5awsu', /character "u" at position 26/],
    ['"i" (not in the alphabet)', 'phone_0ikwjrp1xpa7z3dj8fssz5awsh', /character "i" at position 2/],
    ['"l" (not in the alphabet)', 'phone_01lwjrp1xpa7z3dj8fssz5awsh', /character "l"/],
    ['"o" (not in the alphabet)', 'phone_01owjrp1xpa7z3dj8fssz5awsh', /character "o"/],
    ['a first character above 7', 'phone_81kwjrp1xpa7z3dj8fssz5awsh', /first character "8" is above 7/],
    ['too short', 'phone_01kwjrp1xpa7z3dj8fssz5aws', /25 characters, not 26/],
    ['too long', 'phone_01kjqh7vm8fg9vjw2pv29p5pjw0', /27 characters, not 26/],
    ['no prefix', '01kwjrp1xpa7z3dj8fssz5awsh', /no prefix/],
    ['an unknown prefix', 'user_01kwjrp1xpa7z3dj8fssz5awsh', /unknown prefix "user"/],
    ['a number', 42, /not a string/],
  ])('rejects %s with a message that says what is wrong and what the form is', (_name, input, why) => {
    const problem = checkId(input);
    expect(problem).toMatch(why);
    expect(problem).toContain('26 characters of lowercase Crockford base32');
    expect(() => assertId(input)).toThrow(InvalidIdError);
  });

  it('checks the expected prefix', () => {
    expect(isPhoneNumberId('agent_01kbcnnn80f9w89eekvvxb6ss8')).toBe(false);
    expect(() => parseId('agent_01kbcnnn80f9w89eekvvxb6ss8', 'phone')).toThrow(
      /prefix is "agent", not "phone"/,
    );
  });

  it('idFromUuid rejects what is not a UUID', () => {
    expect(() => idFromUuid('phone', 'not-a-uuid')).toThrow(/expected 32 hex digits/);
    expect(() => idFromUuid('user' as 'phone', '01890a5d-ac96-774b-bcce-b302099a8057')).toThrow(
      /Unknown id prefix/,
    );
  });
});
