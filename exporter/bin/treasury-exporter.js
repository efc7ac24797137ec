#!/usr/bin/env node
// Runs the TypeScript entry point in-process through tsx's loader, so the package works without a
// build step and signals (SIGHUP reload, SIGTERM drain) reach the exporter itself.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
