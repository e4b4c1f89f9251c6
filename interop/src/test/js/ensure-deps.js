'use strict';
// Installs the locked npm dependencies (ably-js) unless node_modules already matches
// package-lock.json. Run by the interop module's build (exec-maven-plugin) in this folder.
const { createHash } = require('node:crypto');
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const here = __dirname;
const lock = readFileSync(path.join(here, 'package-lock.json'));
const digest = createHash('sha256').update(lock).digest('hex');
const stamp = path.join(here, 'node_modules', '.ably4j-lock-sha256');

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
  console.log('interop: node_modules matches package-lock.json; npm ci skipped');
  process.exit(0);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
if (r.error) {
  console.error('interop: cannot run npm: ' + r.error.message);
  process.exit(1);
}
if (r.status !== 0) {
  process.exit(r.status === null ? 1 : r.status);
}
writeFileSync(stamp, digest);
