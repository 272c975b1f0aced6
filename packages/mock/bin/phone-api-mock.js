#!/usr/bin/env node
// The mock's command: the runtime check first (this file loads on any Node), then the CLI itself.
import { requirePinnedNode } from '../../../scripts/pinned-node.js';

requirePinnedNode('npm run mock');
await import('../src/cli.ts');
