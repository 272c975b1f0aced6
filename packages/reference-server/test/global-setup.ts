/**
 * Once per test run: start a private PostgreSQL cluster with scripts/ensure-postgres.sh (it installs
 * Debian's postgresql when missing) and hand its URL to the tests. The cluster is stopped and deleted in
 * teardown.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

const script = resolve(import.meta.dirname, '../../../scripts/ensure-postgres.sh');

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // Not created here: the script creates it, readable by the `postgres` user it runs the server as.
  const dir = join(tmpdir(), `phone-api-pg-test-${process.pid}-${randomBytes(4).toString('hex')}`);
  const env = { ...process.env, PHONE_API_PG_DIR: dir };
  const output = execFileSync('sh', [script], {
    env,
    encoding: 'utf8',
    timeout: 600_000,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = /^DATABASE_URL=(.+)$/m.exec(output)?.[1];
  if (!url) throw new Error(`ensure-postgres.sh printed no DATABASE_URL:\n${output}`);
  project.provide('databaseUrl', url);
  return () => {
    execFileSync('sh', [script, 'stop'], { env, stdio: 'inherit', timeout: 60_000 });
  };
}
