#!/usr/bin/env node
// `pnpm dev`: the runtime check first (this file loads on any Node), then dev mode itself.
import { requirePinnedNode } from './pinned-node.js';

requirePinnedNode('pnpm dev');
await import('../packages/workflow/src/dev-cli.ts');
