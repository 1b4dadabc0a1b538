// sd_notify over a REAL Unix datagram socket: READY=1, then WATCHDOG=1 on time, stopping when the child's loop blocks.
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const unix = require('unix-dgram') as {
  createSocket(type: 'unix_dgram', onMessage: (buf: Buffer) => void): { bind(path: string): void; close(): void; on(e: string, f: (x: unknown) => void): void }
}

const WATCHDOG_USEC = 200_000 // pings every 100 ms
const CHILD = fileURLToPath(new URL('./fixtures/notifier-child.ts', import.meta.url))

interface Received { at: number; text: string }

describe('sd_notify on a real NOTIFY_SOCKET', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pg-notify-'))
  const socketPath = join(dir, 'notify.sock')
  const received: Received[] = []
  let server: ReturnType<typeof unix.createSocket>
  let child: ChildProcess
  const fromChild: Record<string, unknown>[] = []

  const waitFor = async (predicate: () => boolean, timeoutMs: number, what: string) => {
    const end = Date.now() + timeoutMs
    while (!predicate()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; received ${JSON.stringify(received.map((r) => r.text))}`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }
  const watchdogs = (from: number, to = Infinity) => received.filter((r) => r.text === 'WATCHDOG=1' && r.at >= from && r.at < to)
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

  beforeAll(async () => {
    server = unix.createSocket('unix_dgram', (buf) => received.push({ at: Date.now(), text: buf.toString() }))
    server.bind(socketPath)
    child = fork(CHILD, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, NOTIFY_SOCKET: socketPath, WATCHDOG_USEC: String(WATCHDOG_USEC), WATCHDOG_PID: '' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    child.on('message', (m) => fromChild.push(m as Record<string, unknown>))
    await waitFor(() => received.some((r) => r.text === 'READY=1'), 20_000, 'READY=1')
  })

  afterAll(() => {
    child?.kill('SIGKILL')
    server?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('sends READY=1 first, then WATCHDOG=1 every WATCHDOG_USEC/2', async () => {
    expect(received[0]?.text).toBe('READY=1')
    const from = Date.now()
    await sleep(1000)
    const pings = watchdogs(from)
    expect(pings.length).toBeGreaterThanOrEqual(5) // 10 expected; loose for a loaded 2-core machine
    expect(pings.length).toBeLessThanOrEqual(12)
    const gaps = pings.slice(1).map((p, i) => p.at - pings[i]!.at)
    const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]!
    expect(median).toBeGreaterThanOrEqual(80)
    expect(median).toBeLessThanOrEqual(200)
  })

  it('stops pinging while the event loop is blocked, and resumes after', async () => {
    const before = fromChild.length
    const blockedFrom = Date.now()
    child.send({ block: 800 })
    await waitFor(() => fromChild.slice(before).some((m) => m.unblocked), 10_000, 'unblock')
    const unblockedAt = Date.now()
    // nothing may arrive during the block, nor in the first tick after it (that tick sees the lag)
    expect(watchdogs(blockedFrom + 150, unblockedAt)).toEqual([])
    await sleep(700)
    expect(watchdogs(unblockedAt).length).toBeGreaterThanOrEqual(3)
  })

  it('stops pinging while the printer link check fails, with the loop free', async () => {
    const setLink = async (healthy: boolean) => {
      const before = fromChild.length
      child.send({ link: healthy })
      await waitFor(() => fromChild.slice(before).some((m) => m.linkSet === healthy), 10_000, 'link ack')
    }
    await setLink(false)
    await sleep(50) // a datagram already in flight may still land
    const from = Date.now()
    await sleep(600)
    expect(watchdogs(from, Date.now())).toEqual([])
    await setLink(true)
    const resumed = Date.now()
    await sleep(600)
    expect(watchdogs(resumed).length).toBeGreaterThanOrEqual(2)
  })

  it('sends STOPPING=1 on shutdown', async () => {
    child.send({ quit: true })
    await waitFor(() => received.some((r) => r.text === 'STOPPING=1'), 5000, 'STOPPING=1')
    expect(fromChild.filter((m) => m.sendError)).toEqual([])
  })
})
