// npm run bench:plan [-- --runs 3 --family cup --copies --source] — words → G-code per step for the 20 mm cube and every family's default request.
// Wall time per step, CPU seconds per request (this process, its CAD worker and the PrusaSlicer child), and the event-loop stall.

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    profile: { type: 'string', default: 'ender3_pla_standard' },
    family: { type: 'string', multiple: true },
    copies: { type: 'boolean', default: false },
    source: { type: 'boolean', default: false },
  },
})
// As the gateway runs it: the built dist/ (plain JS workers); --source measures src/ under tsx (workers register tsx: ~0.5 s CPU more each).
const root = fileURLToPath(new URL('..', import.meta.url))
if (!values.source) {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`)
}
const plan: typeof import('../src/plan/index.js') = await import(values.source ? '../src/plan/index.js' : pathToFileURL(join(root, 'dist/plan/index.js')).href)
const { buildModel, families, parseIntent, profileForIntent, sliceModel } = plan
const runs = Math.max(1, Number(values.runs))
const CUBE = 'print a 20 mm cube'
const WASHERS = '50 washers, 20 mm outer diameter, 8 mm hole, 2 mm thick'
const GOAL_MS = { cube: 1500, family: 10_000 }

type How = 'plate' | 'duplicate'
interface Row {
  label: string
  request: string
  how: How
  goalMs: number
}
const rows: Row[] = [
  { label: '20 mm cube', request: CUBE, how: 'plate', goalMs: GOAL_MS.cube },
  ...families
    .filter((f) => !values.family || values.family.includes(f.id))
    .map((f) => ({ label: f.id, request: f.examples[0]!, how: 'plate' as How, goalMs: GOAL_MS.family })),
  ...(values.copies
    ? [
        { label: '50 washers', request: WASHERS, how: 'duplicate' as How, goalMs: Infinity },
        { label: '50 washers', request: WASHERS, how: 'plate' as How, goalMs: Infinity },
      ]
    : []),
]
const dir = mkdtempSync(join(tmpdir(), 'printgate-bench-plan-'))

interface Timing {
  parse: number
  model: number
  slice: number
  analyse: number
  total: number
  cpu: number
  stallMs: number
  triangles: number
  gcodeMB: number
}

/** CPU seconds of reaped children (PrusaSlicer), from /proc/self/stat's cutime + cstime (clock ticks, 100 per second on Linux). */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8')
    .replace(/^.*\) /, '')
    .split(' ')
  return (Number(fields[13]) + Number(fields[14])) / 100
}
/** CPU seconds of this process (main thread and workers) and its reaped children. */
const cpuSeconds = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6 + childCpuSeconds()
}

async function once(request: string, how: How, outDir: string): Promise<Timing> {
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const cpu0 = cpuSeconds()
  const t0 = performance.now()
  const intent = parseIntent(request)
  const t1 = performance.now()
  const { printer, material, quality } = profileForIntent(intent, values.profile)
  const model = await buildModel(intent, { outDir, printer, material })
  const t2 = performance.now()
  const stl = how === 'duplicate' ? { stlPath: model.partStlPath, duplicate: model.count } : { stlPath: model.stlPath }
  const sliced = await sliceModel({ ...stl, outDir, printer, material, quality })
  const t3 = performance.now()
  loop.disable()
  return {
    parse: t1 - t0,
    model: t2 - t1,
    slice: sliced.sliceMs,
    analyse: t3 - t2 - sliced.sliceMs,
    total: t3 - t0,
    cpu: cpuSeconds() - cpu0,
    stallMs: loop.max / 1e6,
    triangles: model.triangles,
    gcodeMB: statSync(sliced.gcodePath).size / 1e6,
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const ms = (v: number) => (v < 1000 ? `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms` : `${(v / 1000).toFixed(2)} s`).padStart(9)
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')

/** Inputs that would blow up a backtracking regex; the parser must stay linear on them. */
const ADVERSARIAL = ['for '.repeat(249), '1 x '.repeat(249), 'small '.repeat(160) + 'cubes', 'a cube ' + '2 '.repeat(490), ('in ' + '1 ').repeat(190)]
const parseMs = ADVERSARIAL.map((text) => {
  const started = performance.now()
  try {
    parseIntent(text)
  } catch {
    /* a refusal is an answer */
  }
  return performance.now() - started
})
console.log(
  `bench:plan  adversarial requests (${ADVERSARIAL.length}, up to 1000 characters): slowest parse ${Math.max(...parseMs).toFixed(1)} ms (budget 200 ms)`,
)
console.log(
  `bench:plan  ${values.source ? 'src/ under tsx' : 'built dist/'}, profile ${values.profile}, ${runs} run(s) each (median), ${cpus().length} cores, load average ${load()} at start`,
)
console.log(`goal: 20 mm cube under ${GOAL_MS.cube / 1000} s, every family's default request under ${GOAL_MS.family / 1000} s, words to G-code`)
console.log(
  ['request'.padEnd(22), 'parse', 'CAD', 'slice', 'analyse', 'total', 'CPU', 'stall', ' triangles', '  G-code', '']
    .map((h, i) => (i === 0 || i > 9 ? h : h.padStart(9)))
    .join(''),
)
const missed: string[] = []
try {
  for (const [index, row] of rows.entries()) {
    const results: Timing[] = []
    for (let r = 0; r < runs; r++) results.push(await once(row.request, row.how, join(dir, `${index}-${r}`)))
    const pick = (k: keyof Timing) => median(results.map((x) => x[k]))
    const over = pick('total') > row.goalMs
    if (over) missed.push(`${row.label} ${ms(pick('total')).trim()}`)
    const label = row.how === 'duplicate' ? `${row.label} (dup)` : row.label
    console.log(
      [
        label.padEnd(22),
        ms(pick('parse')),
        ms(pick('model')),
        ms(pick('slice')),
        ms(pick('analyse')),
        ms(pick('total')),
        `${pick('cpu').toFixed(1)} s`.padStart(9),
        ms(pick('stallMs')),
        String(pick('triangles')).padStart(10),
        `${pick('gcodeMB').toFixed(1)} MB`.padStart(9),
        over ? '  over goal' : '',
      ].join(''),
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
console.log(`load average ${load()} at the end; ${missed.length === 0 ? 'every request within its goal' : `over goal: ${missed.join(', ')}`}`)
console.log('CPU = seconds of CPU for the request (parse, CAD worker, PrusaSlicer, analysis): what the request costs on an idle machine of this speed')
