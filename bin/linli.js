#!/usr/bin/env node
// The `linli` command: runs the TypeScript sources through tsx, so there is no build step for the server.
import { register } from 'tsx/esm/api';

register();
await import('../server/src/main.ts');
