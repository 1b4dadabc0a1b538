// Worker thread: builds a family's parts and copies, lays them out on one plate, writes the binary STL and measures it.

import { parentPort, workerData } from 'node:worker_threads'
import { writeFileSync } from 'node:fs'
import { measureStl, type StlStats } from '../cad/stl-stats.js'
import type { WorkerReply } from '../worker/run-worker.js'
import { buildPlate, toStl, type FamilyJob } from './build-plate.js'

function run(job: FamilyJob): StlStats {
  const stl = toStl(...buildPlate(job))
  writeFileSync(job.stlPath, stl)
  return measureStl(stl)
}

let reply: WorkerReply<StlStats>
try {
  reply = { ok: true, value: run(workerData as FamilyJob) }
} catch (e) {
  const code = (e as { code?: string }).code === 'MODEL_TOO_LARGE' ? 'MODEL_TOO_LARGE' : 'MODEL_FAILED'
  reply = { ok: false, code, message: code === 'MODEL_TOO_LARGE' ? (e as Error).message : `The model could not be built: ${(e as Error).message}` }
}
parentPort!.postMessage(reply)
