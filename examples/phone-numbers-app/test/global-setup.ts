/** Once per run: a fresh production build of the app (what the browser tests serve). */
import { build } from 'vite';

export default async function setup() {
  await build({ root: new URL('..', import.meta.url).pathname, logLevel: 'warn' });
}
