// Worker thread: builds the parts, lays out the copies, writes the binary STL and measures it.

import { parentPort, workerData } from 'node:worker_threads'
import { writeFileSync } from 'node:fs'
import jscad from '@jscad/modeling'
import { serialize } from '@jscad/stl-serializer'
import type { Shape } from '../intent/schema.js'
import { buildPart } from './shapes.js'
import { measureStl, type StlStats } from './stl-stats.js'
import type { WorkerReply } from '../worker/run-worker.js'

export interface ModelJob {
  shape: Shape
  hollowWall: number | null
  offsets: Array<[number, number]>
  stlPath: string
  /** Where to write a single copy as well (only when there are several). */
  partStlPath: string | null
}

const toStl = (...geometries: unknown[]) => Buffer.concat((serialize({ binary: true }, ...geometries) as ArrayBuffer[]).map((c) => Buffer.from(c)))

function run(job: ModelJob): StlStats {
  const part = buildPart(job.shape, job.hollowWall)
  const copies = job.offsets.map(([x, y]) => jscad.transforms.translate([x, y, 0], part))
  const stl = toStl(...copies)
  writeFileSync(job.stlPath, stl)
  if (job.partStlPath) writeFileSync(job.partStlPath, toStl(part))
  return measureStl(stl)
}

let reply: WorkerReply<StlStats>
try {
  reply = { ok: true, value: run(workerData as ModelJob) }
} catch (e) {
  reply = { ok: false, code: 'MODEL_FAILED', message: `The model could not be built: ${(e as Error).message}` }
}
parentPort!.postMessage(reply)
