// A gateway SIGKILLed during an upload leaves a `.upload-*.part` file; the next start removes it, and so does housekeeping.
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { removeUploadLeftovers } from '../../src/api/upload.js'
import { pruneJobFiles } from '../../src/ops/housekeeping.js'
import { startGatewayProcess, type GatewayProcess } from '../api/process.js'
import { until } from '../api/harness.js'

const running: GatewayProcess[] = []
afterAll(async () => {
  for (const p of running.splice(0)) await p.stop('SIGKILL')
})
const parts = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith('.upload-')) : [])

describe('unfinished uploads', () => {
  it('a gateway killed mid-upload leaves a .part file that the next start removes', async () => {
    const first = await startGatewayProcess()
    running.push(first)
    const filesDir = join(first.dataDir, 'files')
    const boundary = 'leftover'
    const req = http.request(`${first.baseUrl}/api/files`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(10 * 1024 * 1024) },
    })
    req.on('error', () => undefined)
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.gcode"\r\nContent-Type: text/plain\r\n\r\n${'G1 X1 Y1\n'.repeat(20_000)}`,
    )
    await until(() => parts(filesDir).length === 1, 20_000, 'the upload to reach disk')
    expect(await first.stop('SIGKILL')).toBeNull()
    req.destroy()
    expect(parts(filesDir)).toHaveLength(1)

    const second = await startGatewayProcess({ dataDir: first.dataDir })
    running.push(second)
    expect(parts(filesDir)).toEqual([])
    expect(second.logs.join('\n')).toContain('removed unfinished uploads')
    await second.stop('SIGTERM')
  }, 90_000)

  it('housekeeping removes .part files untouched for 10 minutes and keeps fresh ones and real files', async () => {
    const { mkdtempSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const data = mkdtempSync(join(tmpdir(), 'pg-leftover-'))
    const files = join(data, 'files')
    mkdirSync(files)
    const old = join(files, '.upload-00000000-0000-4000-8000-000000000001.part')
    const fresh = join(files, '.upload-00000000-0000-4000-8000-000000000002.part')
    const real = join(files, '11111111-0000-4000-8000-000000000001.gcode')
    for (const p of [old, fresh, real]) writeFileSync(p, 'G28\n')
    const hourAgo = (Date.now() - 3_600_000) / 1000
    utimesSync(old, hourAgo, hourAgo)
    utimesSync(real, hourAgo, hourAgo)
    const result = await pruneJobFiles({
      roots: [join(data, 'jobs')],
      uploadLeftovers: (olderThanMs, now) => removeUploadLeftovers(files, { olderThanMs, now }),
      maxAgeMs: 30 * 86_400_000,
      maxTotalBytes: 1e9,
      isInUse: () => false,
    })
    expect(result.deleted).toEqual([{ path: old, bytes: 4, reason: 'upload-leftover' }])
    expect([existsSync(old), existsSync(fresh), existsSync(real)]).toEqual([false, true, true])
    expect(await removeUploadLeftovers(files)).toEqual([{ path: fresh, bytes: 4 }])
  })
})
