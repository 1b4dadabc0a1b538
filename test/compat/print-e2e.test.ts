// End to end: a slicer uploads with print=true and the print runs to completion on the simulator; a second upload queues.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAN_PEER, PEER_HEADER, startCompatGateway, until, type CompatGateway } from './compat-gateway.js'
import { prusaSlicerMoonrakerUpload, prusaSlicerOctoPrintUpload, rawRequest } from './slicer-requests.js'

/** Homes, heats (fast on the sim), draws a few moves and dwells long enough to be seen printing. */
function smallPrint(): Buffer {
  const lines = ['; printgate compat e2e', 'G21', 'G90', 'M82', 'M104 S200', 'M140 S60', 'G28', 'M190 S60', 'M109 S200', 'G92 E0']
  for (let i = 0; i < 40; i++) lines.push(`G1 X${(50 + (i % 2) * 10).toFixed(1)} Y${(50 + i).toFixed(1)} E${(i * 0.05).toFixed(3)} F3000`)
  lines.push('G4 P30000', 'M104 S0', 'M140 S0', 'M84', '')
  return Buffer.from(lines.join('\n'))
}

let gw: CompatGateway
beforeAll(async () => {
  gw = await startCompatGateway()
})
afterAll(async () => {
  await gw?.close()
})

const headers = () => ({ 'X-Api-Key': gw.slicerKey, [PEER_HEADER]: LAN_PEER })
const getJson = async <T>(path: string): Promise<T> => JSON.parse((await rawRequest(gw.port, { method: 'GET', path, headers: headers() })).body) as T

describe('upload and print from a slicer', () => {
  it('PrusaSlicer print=true prints to completion; /api/job shows it while it runs; a Moonraker upload meanwhile queues until the bed is cleared', async () => {
    const upload = prusaSlicerOctoPrintUpload(gw.slicerKey, 'e2e-cube.gcode', smallPrint(), true)
    const res = await rawRequest(gw.port, { ...upload.head, headers: { ...upload.head.headers, [PEER_HEADER]: LAN_PEER } }, upload.body, true)
    expect(res.status).toBe(201)
    const jobId = (JSON.parse(res.body) as { printgate: { job_id: string } }).printgate.job_id
    expect(jobId).toBeTruthy()

    const seen = await until(
      async () => {
        const job = await getJson<{ job: { file: { name: string | null } }; progress: { completion: number | null }; state: string }>('/api/job')
        return job.state === 'Printing' ? job : null
      },
      10_000,
      '/api/job to report Printing',
    )
    expect(seen.job.file.name).toBe('e2e-cube.gcode')
    expect(seen.progress.completion).toBeGreaterThanOrEqual(0)

    const second = prusaSlicerMoonrakerUpload(gw.slicerKey, 'e2e-second.gcode', smallPrint(), true)
    const queued = await rawRequest(gw.port, { ...second.head, headers: { ...second.head.headers, [PEER_HEADER]: LAN_PEER } }, second.body)
    expect(queued.status).toBe(201)
    const secondBody = JSON.parse(queued.body) as { print_started: boolean; print_queued: boolean; printgate: { job_id: string } }
    expect(secondBody).toMatchObject({ print_started: false, print_queued: true })

    const done = await until(
      async () => {
        const status = await getJson<{ status: string; steps: { name: string; status: string }[] }>(`/api/status/${jobId}`)
        return status.status === 'completed' ? status : null
      },
      20_000,
      'the first print to complete',
    )
    expect(done.steps.find((s) => s.name === 'printing')?.status).toBe('completed')
    const listed = await getJson<{ job_id: string; source: string }[]>('/api/workflows')
    expect(listed.find((j) => j.job_id === jobId)?.source).toBe('gcode')

    // one print at a time: the printer back to operational asks the scheduler for the next job; the uncleared bed keeps it waiting
    const idle = await until(
      async () => {
        const printer = await getJson<{ state: string; active_job_id: string | null; bed_clear: boolean }>('/api/printer/status')
        return printer.state === 'operational' ? printer : null
      },
      10_000,
      'the printer operational after the first print',
    )
    expect(idle).toMatchObject({ active_job_id: null, bed_clear: false })
    expect((await getJson<{ status: string }>(`/api/status/${secondBody.printgate.job_id}`)).status).toBe('queued')
    const cleared = await rawRequest(gw.port, { method: 'POST', path: '/api/printer/bed-cleared', headers: headers() })
    expect(cleared.status).toBe(200)
    await until(
      async () => (await getJson<{ status: string }>(`/api/status/${secondBody.printgate.job_id}`)).status === 'completed',
      20_000,
      'the queued print to complete',
    )
  }, 60_000)
})
