// The real gateway (src/main.ts) under a NOTIFY_SOCKET: READY=1 once listening, WATCHDOG=1 pings, pid file, STOPPING=1 on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { until } from '../support/wait-for.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const MAIN = join(ROOT, 'src/main.ts')
const require = createRequire(import.meta.url)

describe('src/main.ts as a Type=notify service', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pg-main-'))
  const received: { text: string }[] = []
  let child: ChildProcess | undefined
  let socket: { close(): void } | undefined
  afterAll(() => {
    child?.kill('SIGKILL')
    socket?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('says READY=1 after listening, pings the watchdog, writes its pid, and says STOPPING=1 on SIGTERM', async () => {
    const unix = require('unix-dgram') as { createSocket(t: 'unix_dgram', f: (b: Buffer) => void): { bind(p: string): void; close(): void } }
    const path = join(dir, 'notify.sock')
    socket = unix.createSocket('unix_dgram', (buf) => received.push({ text: buf.toString() }))
    ;(socket as unknown as { bind(p: string): void }).bind(path)
    const dataDir = join(dir, 'data')
    let stdout = ''
    child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        NOTIFY_SOCKET: path,
        WATCHDOG_USEC: '1000000',
        PRINTGATE_DATA_DIR: dataDir,
        PRINTGATE_HTTP_PORT: '0',
        PRINTGATE_HTTP_HOST: '127.0.0.1',
        PRINTGATE_MDNS: '0',
        PRINTGATE_CONFIG: '',
        PRINTGATE_AUTO_CONNECT: 'false',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
    const waitFor = (what: string, predicate: () => boolean, ms: number) =>
      until(predicate, ms, () => `${what}; got ${JSON.stringify(received.map((r) => r.text))}\n${stdout}`)
    await waitFor('READY=1', () => received.some((r) => r.text === 'READY=1'), 45_000)
    expect(stdout).toContain('"msg":"listening"')
    expect(readFileSync(join(dataDir, 'printgate.pid'), 'utf8').trim()).toBe(String(child.pid))
    const afterReady = received.findIndex((r) => r.text === 'READY=1') + 1
    await waitFor('two WATCHDOG=1 after READY=1', () => received.slice(afterReady).filter((r) => r.text === 'WATCHDOG=1').length >= 2, 5000)
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(received.some((r) => r.text === 'STOPPING=1')).toBe(true)
    expect(existsSync(join(dataDir, 'printgate.pid'))).toBe(false)
  })
})
