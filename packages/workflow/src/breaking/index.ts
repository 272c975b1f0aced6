export { diffSpecs, sortChanges } from './diff.ts';
export { changeSummary, changesetText, changeTable, textTable } from './format.ts';
export { type Change, type ChangeKind, RULES, type Severity } from './rules.ts';
