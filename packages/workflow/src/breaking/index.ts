export { diffSpecs, sortChanges } from './diff.ts';
export { fingerprint } from './fingerprint.ts';
export { changeSummary, changesetText, textTable } from './format.ts';
export { applyPolicy, type DecidedChange, loadPolicy, type Policy, parsePolicy } from './policy.ts';
export { type Change, type ChangeKind, RULES, SEVERITIES, type Severity } from './rules.ts';
export { checkVersion, requiredBump } from './version.ts';
