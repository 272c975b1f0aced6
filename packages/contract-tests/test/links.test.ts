import { describe, expect, it } from 'vitest';
import { Contract } from '../src/checks.ts';
import { evaluateExpression } from '../src/links.ts';

// The spec's links as the walk reads them: each names an operation of the spec and fills its path
// parameters from a runtime expression the walk can evaluate.

const contract = new Contract();
const links = contract.operations.flatMap((op) =>
  Object.values(op.responses).flatMap((response) =>
    response.links.map((link) => [`${op.operationId} ${response.status} ${link.name}`, link] as const),
  ),
);

describe('the spec’s links', () => {
  it('describe the lifecycle: creates, updates and lists link to reads', () => {
    const from = new Set(links.map(([name]) => name.split(' ')[0]));
    expect([...from].sort()).toEqual([
      'agentsImportPhoneNumber',
      'agentsListPhoneNumbers',
      'agentsUpdatePhoneNumber',
      'convaiCreatePhoneNumber',
      'convaiListPhoneNumbers',
      'convaiUpdatePhoneNumber',
    ]);
  });

  it.each(links)('%s names an operation and fills exactly its path parameters', (_name, link) => {
    const target = contract.operation(link.operationId);
    const pathParams = target.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    expect(Object.keys(link.parameters).sort()).toEqual(pathParams.sort());
  });

  it.each([
    ['a top-level id', '$response.body#/id', { id: 'phone_1' }, 'phone_1'],
    [
      'the first item of a list',
      '$response.body#/0/phone_number_id',
      [{ phone_number_id: 'phone_2' }],
      'phone_2',
    ],
    ['nothing in an empty page', '$response.body#/numbers/0/id', { numbers: [] }, undefined],
  ])('evaluates %s', (_name, expression, body, want) => {
    expect(evaluateExpression(expression, body)).toBe(want);
  });

  it('refuses expressions it cannot evaluate instead of skipping the link', () => {
    expect(() => evaluateExpression('$request.path.id', {})).toThrow(/unsupported runtime expression/);
  });
});
