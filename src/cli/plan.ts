// `printgate plan "<request>" --out DIR`: words to G-code without the server; writes intent.json, model.stl, model.gcode.

import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { isGatewayError } from '../core/errors.js'
import {
  buildModel,
  parseIntent,
  profileForIntent,
  sliceModel,
  type GcodeAnalysis,
  type Intent,
  type ModelResult,
  type PrintProfile,
  type SliceResult,
} from '../plan/index.js'

export interface PlanCliDeps {
  out?: (line: string) => void
  err?: (line: string) => void
}

const USAGE = `usage: printgate plan "<request>" --out DIR [--profile NAME] [--quality draft|standard|fine|ultra]
                      [--infill PERCENT] [--slicer PATH] [--timeout SECONDS] [--json]
Turns an English request ("print a 2 cm cube in PETG") into DIR/intent.json, DIR/model.stl and DIR/model.gcode
with PrusaSlicer, and prints a summary. --profile defaults to ender3_pla (e.g. prusa_mk3s_petg_fine).`

const mm = (v: number) => `${Number(v.toFixed(2))}`

export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = Math.round(seconds % 60)
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`
}

function describeShape(intent: Intent): string {
  const s = intent.shape
  if (s === null)
    return Object.values(intent.params)
      .map((p) => `${p.label} ${p.unit === 'mm' ? `${mm(p.value as number)} mm` : p.unit === 'ml' ? `${p.value} ml` : p.value}`)
      .join(', ')
  switch (s.kind) {
    case 'box':
      return `${mm(s.width)} × ${mm(s.depth)} × ${mm(s.height)} mm`
    case 'cylinder':
    case 'cone':
      return `Ø ${mm(s.diameter)} mm, ${mm(s.height)} mm tall`
    case 'sphere':
      return `Ø ${mm(s.diameter)} mm`
    case 'pyramid':
      return `${mm(s.base)} mm base, ${mm(s.height)} mm tall`
    case 'torus':
      return `Ø ${mm(s.diameter)} mm, ${mm(s.thickness)} mm thick`
    case 'tube':
      return `Ø ${mm(s.outerDiameter)} mm outside, Ø ${mm(s.innerDiameter)} mm hole, ${mm(s.height)} mm tall`
    case 'hex_prism':
      return `${mm(s.acrossFlats)} mm across flats, ${mm(s.height)} mm tall`
  }
}

export function formatSummary(intent: Intent, profile: PrintProfile, infill: number, model: ModelResult, sliced: SliceResult, outDir: string): string[] {
  const a: GcodeAnalysis = sliced.analysis
  const checks = a.checks
  const lines = [
    `request:   ${intent.request}`,
    `object:    ${intent.title}${intent.hollow ? ` (hollow, ${intent.wallThickness} mm walls)` : ''}, ${describeShape(intent)}${intent.count > 1 ? `, ${intent.count} copies` : ''}`,
    `profile:   ${profile.printer.id} / ${profile.material.id} / ${profile.quality.id} (${profile.quality.layerHeight} mm layers, ${infill} % infill)`,
    ...intent.notes.map((x, i) => `${i === 0 ? 'assumed:   ' : '           '}${x}`),
    ...intent.research.map(
      (r, i) =>
        `${i === 0 ? 'research:  ' : '           '}${r.name}: ${Object.entries(r.dimensions)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')} (${r.source.split(';')[0]})`,
    ),
    `model:     ${model.triangles} triangles, ${mm(model.boundingBox.size[0])} × ${mm(model.boundingBox.size[1])} × ${mm(model.boundingBox.size[2])} mm, ${mm(model.volumeMm3 / 1000)} cm³ (~${mm(model.massG)} g solid)`,
    `G-code:    ${a.layerCount} layers, ~${a.estimatedSeconds === null ? '?' : formatDuration(a.estimatedSeconds)}, ${mm(a.filamentMm / 1000)} m filament${a.filamentG === null ? '' : ` (${mm(a.filamentG)} g)`}, ${sliced.slicerVersion}`,
    `checks:    ${checks.problems.length === 0 ? 'fits the build volume, temperatures within limits, ' : `${checks.problems.join('; ')}, `}longest framed line ${checks.longestFramedLine} chars`,
    `files:     ${join(outDir, 'intent.json')}`,
    `           ${model.stlPath}`,
    `           ${sliced.gcodePath}`,
  ]
  return lines
}

/** Runs the plan command; returns the exit code (0 done, 1 the request or a step failed, 2 usage). */
export async function runPlan(argv: string[], deps: PlanCliDeps = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`))
  const err = deps.err ?? ((line: string) => process.stderr.write(`${line}\n`))
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        profile: { type: 'string' },
        quality: { type: 'string' },
        infill: { type: 'string' },
        slicer: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    out(USAGE)
    return 0
  }
  const request = positionals.join(' ')
  if (!values.out || positionals.length === 0) {
    err(USAGE)
    return 2
  }
  const infillOption = values.infill === undefined ? undefined : Number(values.infill)
  if (infillOption !== undefined && !(Number.isInteger(infillOption) && infillOption >= 0 && infillOption <= 100)) {
    err(`--infill must be 0 to 100\n${USAGE}`)
    return 2
  }
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout) * 1000
  if (timeoutMs !== undefined && !(timeoutMs > 0)) {
    err(`--timeout must be a number of seconds\n${USAGE}`)
    return 2
  }
  const outDir = resolve(values.out)

  try {
    const intent = parseIntent(request)
    const profile = profileForIntent(intent, values.profile, values.quality)
    await mkdir(outDir, { recursive: true })
    await writeFile(join(outDir, 'intent.json'), `${JSON.stringify(intent, null, 2)}\n`)
    const model = await buildModel(intent, { outDir, printer: profile.printer, material: profile.material })
    const infill = infillOption ?? intent.infillPercent ?? profile.quality.infillPercent
    const sliced = await sliceModel({
      stlPath: model.partStlPath,
      duplicate: model.count,
      outDir,
      ...profile,
      infillPercent: infill,
      ...(values.slicer ? { slicerPath: values.slicer } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
    })
    if (values.json)
      out(
        JSON.stringify(
          { intent, profile: { printer: profile.printer.id, material: profile.material.id, quality: profile.quality.id }, model, slice: sliced },
          null,
          2,
        ),
      )
    else for (const line of formatSummary(intent, profile, infill, model, sliced, outDir)) out(line)
    return 0
  } catch (e) {
    if (!isGatewayError(e)) throw e
    err(`error: ${e.code}: ${e.message}`)
    const suggestions = (e.detail as { suggestions?: string[] } | undefined)?.suggestions
    if (suggestions?.length) err(`try:   ${suggestions.map((s) => `"${s}"`).join('\n       ')}`)
    return 1
  }
}
