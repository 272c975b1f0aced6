/** Prefixed TypeID wire identifiers (`phone_`, `agent_`, `trunk_`, `ws_` + 26 chars encoding a UUIDv7). */
import { typeid } from 'typeid-js';

/** A new id with the given prefix, e.g. `newId('phone')` -> `phone_01kjqh7vm8fg9vjw2pv29p5pjw`. */
export function newId(prefix: 'phone' | 'agent' | 'trunk' | 'ws'): string {
  return typeid(prefix).toString();
}

const PHONE_ID = /^phone_[0-7][0-9a-hjkmnp-tv-z]{25}$/;

/** Whether `id` has the prefixed phone-number form; anything else names no number (404, never 400). */
export function isPhoneId(id: string): boolean {
  return PHONE_ID.test(id);
}
