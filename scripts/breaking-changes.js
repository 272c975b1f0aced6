#!/usr/bin/env node
// `pnpm breaking`: the runtime check first (this file loads on any Node), then the gate itself.
import { requirePinnedNode } from './pinned-node.js';

requirePinnedNode('pnpm breaking');
await import('../packages/workflow/src/breaking-cli.ts');
