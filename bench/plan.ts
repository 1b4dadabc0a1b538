// npm run bench:plan [-- --runs 3] — time from request text to G-code, split by step, for a 20 mm cube and a 50-washer plate.
// Also records the longest event-loop stall while the steps run (CAD runs in a worker, slicing in a child process).

import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { buildModel, parseIntent, profileForIntent, sliceModel } from '../src/plan/index.js'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' }, profile: { type: 'string', default: 'ender3_pla_standard' } } })
const runs = Math.max(1, Number(values.runs))
const requests = ['print a 20 mm cube', '50 washers, 20 mm outer diameter, 8 mm hole, 2 mm thick']
const dir = mkdtempSync(join(tmpdir(), 'printgate-bench-plan-'))

interface Timing { parse: number; model: number; slice: number; analyse: number; total: number; stallMs: number; triangles: number; gcodeMB: number; lines: number }

async function once(request: string, outDir: string): Promise<Timing> {
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const t0 = performance.now()
  const intent = parseIntent(request)
  const t1 = performance.now()
  const { printer, material, quality } = profileForIntent(intent, values.profile)
  const model = await buildModel(intent, { outDir, printer, material })
  const t2 = performance.now()
  const sliced = await sliceModel({ stlPath: model.stlPath, outDir, printer, material, quality })
  const t3 = performance.now()
  loop.disable()
  return {
    parse: t1 - t0, model: t2 - t1, slice: sliced.sliceMs, analyse: t3 - t2 - sliced.sliceMs, total: t3 - t0,
    stallMs: loop.max / 1e6, triangles: model.triangles, gcodeMB: statSync(sliced.gcodePath).size / 1e6, lines: sliced.analysis.lineCount,
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`.padStart(10)

console.log(`bench:plan  profile ${values.profile}, ${runs} run(s) each, median shown; PrusaSlicer is a real child process`)
console.log(['request'.padEnd(58), 'parse', 'CAD', 'slice', 'analyse', 'total', 'loop stall'].map((h, i) => (i === 0 ? h : h.padStart(i === 6 ? 12 : 10))).join(''))
try {
  for (const request of requests) {
    const results: Timing[] = []
    for (let r = 0; r < runs; r++) results.push(await once(request, join(dir, `${requests.indexOf(request)}-${r}`)))
    const pick = (k: keyof Timing) => median(results.map((x) => x[k]))
    console.log([request.slice(0, 57).padEnd(58), ms(pick('parse')), ms(pick('model')), ms(pick('slice')), ms(pick('analyse')), ms(pick('total')), `  ${ms(pick('stallMs'))}`].join(''))
    console.log(`${''.padEnd(58)}  ${pick('triangles')} triangles, ${pick('lines')} G-code lines (${pick('gcodeMB').toFixed(1)} MB)`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
