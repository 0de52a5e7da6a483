#!/usr/bin/env node
// Tiny shim: --debug must take effect before any module loads, so it is read here once.
if (process.argv.includes('--debug')) process.env.ROCKETCTL_DEBUG = '1';
await import('../dist/src/cli/main.js');
