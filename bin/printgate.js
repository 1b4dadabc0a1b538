#!/usr/bin/env node
// The `printgate` command: runs the built command line from dist/ (plain JS; `npm ci` builds it, or `npm run build`).
import { existsSync } from 'node:fs'

const cli = new URL('../dist/cli/main.js', import.meta.url)
if (!existsSync(cli)) {
  process.stderr.write('printgate: dist/ is missing; run `npm run build` in the printgate folder first\n')
  process.exit(1)
}
const { main } = await import(cli.href)
process.exitCode = await main(process.argv.slice(2))
