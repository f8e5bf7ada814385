#!/usr/bin/env node
// Runs bin/cli.ts through tsx, so the command works from an installed checkout without a build step.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const cli = path.join(__dirname, 'cli.ts');
const tsx = require.resolve('tsx/cli');
const r = spawnSync(process.execPath, [tsx, cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
