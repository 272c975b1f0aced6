import { createHash } from 'node:crypto';
import { templateKey } from './context.ts';
import type { Change } from './rules.ts';

/**
 * A stable id of one change: the same edit gives the same fingerprint on every run and every machine,
 * so a reviewer can accept it by id in the policy. It hashes what the change is (rule, operation,
 * location, before/after values), so the next change at the same place (another enum value, another
 * property) gets another id and the rule keeps guarding it. Path parameter names are left out of the
 * operation and the location, as renaming one does not change the URL; the message is left out too,
 * since it is prose that names them (and may be reworded).
 */
export function fingerprint(change: Change): string {
  const operation = change.operation === undefined ? '' : templateKey(change.operation);
  const values = JSON.stringify([change.values?.before ?? null, change.values?.after ?? null]);
  return createHash('sha256')
    .update([change.kind, operation, templateKey(change.location), values].join('\n'))
    .digest('hex')
    .slice(0, 12);
}
