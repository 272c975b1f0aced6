import { resolvePointer, type SpecLink, type SpecOperation } from './spec.ts';

/** A link of a response, with the parameter values it yields for that response's body. */
export interface FollowedLink {
  link: SpecLink;
  /** Parameter name -> value taken from the response. */
  values: Record<string, string>;
}

const BODY_EXPRESSION = /^\$response\.body#(\/.*)?$/;

/**
 * The value an OpenAPI runtime expression takes for a response body. Only `$response.body#/pointer` is
 * supported (the form the spec uses); any other expression throws, so a new form is never silently skipped.
 * `undefined` when the body has nothing at that pointer (an empty list).
 */
export function evaluateExpression(expression: string, body: unknown): unknown {
  const match = BODY_EXPRESSION.exec(expression);
  if (!match) throw new Error(`unsupported runtime expression ${expression}`);
  try {
    return resolvePointer(body, `#${match[1] ?? ''}`);
  } catch {
    return undefined;
  }
}

/** The links of an operation's response with `status`, evaluated on its body; links with no value are left out. */
export function followableLinks(op: SpecOperation, status: number, body: unknown): FollowedLink[] {
  const response = op.responses[String(status)];
  return (response?.links ?? []).flatMap((link) => {
    const values: Record<string, string> = {};
    for (const [name, expression] of Object.entries(link.parameters)) {
      const value = evaluateExpression(expression, body);
      if (value === undefined || value === null) return [];
      values[name] = String(value);
    }
    return [{ link, values }];
  });
}
