#!/usr/bin/env node
// The `keji` command. Runs the TypeScript core directly through tsx (a runtime dependency),
// so `npx keji …` works right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
