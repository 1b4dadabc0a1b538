#!/usr/bin/env node
// The `printgate` command: loads the TypeScript command line through tsx, so no build step is needed.
import { tsImport } from 'tsx/esm/api'

const { main } = await tsImport('../src/cli/main.ts', import.meta.url)
process.exitCode = await main(process.argv.slice(2))
