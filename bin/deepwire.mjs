#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so the engine ships as source, with no build step.
import { register } from 'tsx/esm/api'

register()
await import('../engine/cli.ts')
