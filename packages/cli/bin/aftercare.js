#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader; no build step stands between a clone and a start.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
