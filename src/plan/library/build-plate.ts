// A family intent's plate: the family's parts × copies, made exact (T-junctions removed), checked printable, laid out on the bed.

import { meshToStl, toMesh } from './mesh.js'
import { GatewayError } from '../../core/errors.js'
import { getFamily } from './registry.js'
import { layoutPlate, type PlateSpace } from './plate.js'
import { MAX_OVERHANG_DEG, unsupportedOverhangs } from './printability.js'
import type { BuildContext, Geom3, Params, Part } from './types.js'

export interface FamilyJob {
  family: string
  params: Params
  ctx: BuildContext
  count: number
  space: PlateSpace
  stlPath: string
}

/** Binary STL with welded vertices and T-junctions repaired (see mesh.ts). */
export const toStl = (...solids: Geom3[]): Buffer => meshToStl(toMesh(...solids))

/** One copy's parts as jscad solids (made exact when written: toStl). */
export function buildParts(familyId: string, params: Params, ctx: BuildContext): Part[] {
  const family = getFamily(familyId)
  if (!family) throw new Error(`No family "${familyId}"`)
  return family.build(params, ctx)
}

/** Refuses a part that would need supports: the family's promise is checked on every build, not only in tests. */
export function checkPrintable(familyId: string, params: Params, parts: Part[]): void {
  const family = getFamily(familyId)!
  const zones = family.bridges?.(params) ?? []
  for (const part of parts) {
    const report = unsupportedOverhangs(
      toStl(part.solid),
      MAX_OVERHANG_DEG,
      zones.filter((z) => !z.part || z.part === part.name),
    )
    if (report.faces > 0) {
      throw new GatewayError(
        'MODEL_FAILED',
        `The ${part.name} would need supports: ${report.faces} faces overhang up to ${report.worstDeg.toFixed(0)}° (at most ${MAX_OVERHANG_DEG}° prints without)`,
        { detail: { ...report } },
      )
    }
  }
}

export function buildPlate(job: FamilyJob): Geom3[] {
  const parts = buildParts(job.family, job.params, job.ctx)
  checkPrintable(job.family, job.params, parts)
  const copies: Part[] = []
  for (let i = 0; i < job.count; i++) copies.push(...parts)
  return layoutPlate(copies, job.space)
}
