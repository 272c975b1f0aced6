/**
 * The spec's tools, run one way for everyone who runs them (the mock's reload, dev mode, the gate,
 * `docs:build`, the pipeline bench): Redocly and Spectral at the spec package's versions and configs, their
 * output parsed into one problem format, the reference page, and the set of files that are the spec's
 * sources (what a watcher watches).
 */
export { readBundle } from './bundle-file.ts';
export {
  bundleSources,
  bundleSpec,
  type CheckResult,
  checkSpec,
  lintBundle,
  lintSources,
  SpecRejectedError,
} from './check.ts';
export { failureReport, formatProblem, type Problem, redoclyProblems, spectralProblems } from './problems.ts';
export {
  externalResources,
  inlineRuntimeAssets,
  REFERENCE_PAGE_TITLE,
  renderReferencePage,
} from './reference-page.ts';
export { runTool, type Tool, type ToolRun } from './run.ts';
export { isSpecSource, newestSourceMtime, type SpecWatch, watchSpec } from './sources.ts';
export {
  readTryItAsset,
  renderTryItPage,
  TRY_IT_ASSETS,
  type TryItAsset,
  type TryItCredentials,
  type TryItPageOptions,
} from './try-it-page.ts';
