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
const WASHERS = '50 washers, 20 mm outer diameter, 8 mm hole, 2 mm thick'
/** [request, how copies are sliced]: 'plate' slices the laid-out mesh, 'duplicate' one part with PrusaSlicer's --duplicate. */
const runsToMake: Array<[string, 'plate' | 'duplicate']> = [['print a 20 mm cube', 'plate'], [WASHERS, 'duplicate'], [WASHERS, 'plate']]
const dir = mkdtempSync(join(tmpdir(), 'printgate-bench-plan-'))

interface Timing { parse: number; model: number; slice: number; analyse: number; total: number; stallMs: number; stalls: number[]; triangles: number; gcodeMB: number; lines: number }

async function once(request: string, how: 'plate' | 'duplicate', outDir: string): Promise<Timing> {
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const stalls: number[] = []
  const step = () => { stalls.push(loop.max / 1e6); loop.reset() }
  const t0 = performance.now()
  const intent = parseIntent(request)
  const t1 = performance.now()
  step()
  const { printer, material, quality } = profileForIntent(intent, values.profile)
  const model = await buildModel(intent, { outDir, printer, material })
  const t2 = performance.now()
  step()
  const stl = how === 'duplicate' ? { stlPath: model.partStlPath, duplicate: model.count } : { stlPath: model.stlPath }
  const sliced = await sliceModel({ ...stl, outDir, printer, material, quality })
  const t3 = performance.now()
  step()
  loop.disable()
  return {
    parse: t1 - t0, model: t2 - t1, slice: sliced.sliceMs, analyse: t3 - t2 - sliced.sliceMs, total: t3 - t0,
    stallMs: Math.max(...stalls), stalls, triangles: model.triangles, gcodeMB: statSync(sliced.gcodePath).size / 1e6, lines: sliced.analysis.lineCount,
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`.padStart(10)

/** Inputs that would blow up a backtracking regex; the parser must stay linear on them. */
const ADVERSARIAL = ['for '.repeat(249), '1 x '.repeat(249), 'small '.repeat(160) + 'cubes', 'a cube ' + '2 '.repeat(490), ('in ' + '1 ').repeat(190)]
const parseMs = ADVERSARIAL.map((text) => {
  const started = performance.now()
  try { parseIntent(text) } catch { /* a refusal is an answer */ }
  return performance.now() - started
})
console.log(`bench:plan  adversarial requests (${ADVERSARIAL.length}, up to 1000 characters): slowest parse ${Math.max(...parseMs).toFixed(1)} ms (budget 200 ms)`)
console.log(`bench:plan  profile ${values.profile}, ${runs} run(s) each, median shown; PrusaSlicer is a real child process`)
console.log(['request'.padEnd(58), 'parse', 'CAD', 'slice', 'analyse', 'total', 'loop stall'].map((h, i) => (i === 0 ? h : h.padStart(i === 6 ? 12 : 10))).join(''))
try {
  for (const [index, [request, how]] of runsToMake.entries()) {
    const results: Timing[] = []
    for (let r = 0; r < runs; r++) results.push(await once(request, how, join(dir, `${index}-${r}`)))
    const pick = (k: Exclude<keyof Timing, 'stalls'>) => median(results.map((x) => x[k]))
    const label = `${request.slice(0, 44)}${request.length > 44 ? '…' : ''} [${how}]`
    console.log([label.padEnd(58), ms(pick('parse')), ms(pick('model')), ms(pick('slice')), ms(pick('analyse')), ms(pick('total')), `  ${ms(pick('stallMs'))}`].join(''))
    const stalls = results[0]!.stalls.map((v) => v.toFixed(0)).join(' / ')
    console.log(`${''.padEnd(58)}  ${pick('triangles')} triangles, ${pick('lines')} G-code lines (${pick('gcodeMB').toFixed(1)} MB); loop stall by step ${stalls} ms`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
