/**
 * The runtime check every command-line entry point runs first. The repo pins its Node.js in
 * `.node-version` (and, equally, the `node` devDependency that `npm run` / `pnpm run` put first on PATH);
 * started any other way, with another Node, an entry point stops here with one line saying how to run it,
 * instead of failing later with a stack trace (an older Node cannot even load the TypeScript sources).
 *
 * Plain JavaScript without syntax newer than ES2020, so that any Node that can read an ES module gets this
 * far. Entry points import it statically and load their implementation with a dynamic import() after it.
 */
import { readFileSync } from 'node:fs';

const pinnedFile = new URL('../.node-version', import.meta.url);

/** The version the repo pins, as written in `.node-version` (without a leading `v`). */
export function pinnedNodeVersion() {
  return readFileSync(pinnedFile, 'utf8').trim().replace(/^v/, '');
}

/**
 * The one-line refusal for running on `running` when `pinned` is pinned, or undefined when they match.
 * @param {string} running the running Node's version (`process.versions.node`)
 * @param {string} pinned the pinned version
 * @param {string} command how to run the entry point instead
 * @returns {string | undefined}
 */
export function runtimeMismatch(running, pinned, command) {
  if (running === pinned) return undefined;
  return (
    `This needs Node.js ${pinned} (the version the repo pins), not ${running}. ` +
    `Run it with \`${command}\`, which uses the pinned Node (\`npm run bootstrap\` installs it).`
  );
}

/**
 * Exits with status 1 and one line on stderr unless the running Node is the pinned one.
 * @param {string} command how to run the entry point instead, e.g. `pnpm dev`
 */
export function requirePinnedNode(command) {
  const message = runtimeMismatch(process.versions.node, pinnedNodeVersion(), command);
  if (message === undefined) return;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
