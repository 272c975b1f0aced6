#!/usr/bin/env node
// The reference server's command: the runtime check first (this file loads on any Node), then the CLI.
import { requirePinnedNode } from '../../../scripts/pinned-node.js';

requirePinnedNode('npm run mock:stateful');
await import('../src/cli.ts');
