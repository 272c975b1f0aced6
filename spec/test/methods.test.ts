import { METHODS as HELPER_METHODS } from '@phone-api/openapi';
import { expect, it } from 'vitest';
import { METHODS } from '../rules/lib/openapi.js';

it('the house rules walk the same operation methods as the repo’s OpenAPI helper', () => {
  expect(METHODS).toEqual([...HELPER_METHODS]);
});
