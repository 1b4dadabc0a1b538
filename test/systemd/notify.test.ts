// sd_notify over a REAL Unix datagram socket: READY=1, then WATCHDOG=1 on time, stopping when the child's loop blocks.
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from '../support/wait-for.js'

const require = createRequire(import.meta.url)
const unix = require('unix-dgram') as {
  createSocket(type: 'unix_dgram', onMessage: (buf: Buffer) => void): { bind(path: string): void; close(): void; on(e: string, f: (x: unknown) => void): void }
}

const WATCHDOG_USEC = 200_000 // pings every 100 ms
const CHILD = fileURLToPath(new URL('./fixtures/notifier-child.ts', import.meta.url))

describe('sd_notify on a real NOTIFY_SOCKET', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pg-notify-'))
  const socketPath = join(dir, 'notify.sock')
  const received: string[] = []
  let server: ReturnType<typeof unix.createSocket>
  let child: ChildProcess
  const fromChild: Record<string, unknown>[] = []

  // Polling with a generous limit (a loaded 2-core machine); no assertion depends on how long anything took.
  const waitFor = (predicate: () => boolean, what: string) => until(predicate, 30_000, () => `${what}; received so far ${received.length}`, 10)
  /** What arrived after the last `from` marker, up to (not including) the first `to` after it (or to the end). */
  const between = (from: string, to?: string) => {
    const start = received.lastIndexOf(from)
    if (start < 0) return null
    const end = to === undefined ? -1 : received.indexOf(to, start + 1)
    return received.slice(start + 1, end < 0 ? undefined : end)
  }
  const pingsAfter = (from: string, to: string) => {
    const start = received.lastIndexOf(from)
    const end = start < 0 ? -1 : received.indexOf(to, start + 1)
    return end < 0 ? 0 : pings(received.slice(end))
  }
  const pings = (texts: string[]) => texts.filter((t) => t === 'WATCHDOG=1').length

  beforeAll(async () => {
    server = unix.createSocket('unix_dgram', (buf) => received.push(buf.toString()))
    server.bind(socketPath)
    child = fork(CHILD, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, NOTIFY_SOCKET: socketPath, WATCHDOG_USEC: String(WATCHDOG_USEC), WATCHDOG_PID: '' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    child.on('message', (m) => fromChild.push(m as Record<string, unknown>))
    await waitFor(() => received.includes('READY=1'), 'READY=1')
  })

  afterAll(() => {
    child?.kill('SIGKILL')
    server?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('sends READY=1 first, then WATCHDOG=1 at WATCHDOG_USEC/2', async () => {
    expect(received[0]).toBe('READY=1')
    await waitFor(() => fromChild.some((m) => m.ready), "the child's ready report")
    expect(fromChild.find((m) => m.ready)).toMatchObject({ intervalMs: WATCHDOG_USEC / 2000 })
    await waitFor(() => pings(received) >= 5, 'five WATCHDOG=1')
    // Only pings, and health changes (the child's own start-up can lag the loop once).
    expect(received.slice(1).filter((t) => t !== 'WATCHDOG=1' && !t.startsWith('STATUS=health'))).toEqual([])
  })

  it('stops pinging while the event loop is blocked, skips the tick that sees the lag, and resumes after', async () => {
    child.send({ block: 800 })
    await waitFor(() => pingsAfter('STATUS=blocking', 'STATUS=health true') >= 3, 'three pings after the block')
    // In socket order: the block, its end, the first tick refusing (lag), then feeding again; no ping in between.
    expect(between('STATUS=blocking', 'STATUS=health true')).toEqual(['STATUS=unblocked', 'STATUS=health false'])
  })

  it('stops pinging while the printer link check fails, with the loop free', async () => {
    child.send({ link: false })
    await waitFor(() => fromChild.some((m) => m.checksWhileDown === 3), 'three watchdog ticks with the link down')
    child.send({ link: true })
    await waitFor(() => pings(between('STATUS=link up') ?? []) >= 2, 'two pings after the link is back')
    expect(between('STATUS=link down', 'STATUS=link up')).toEqual(['STATUS=health false'])
    expect(between('STATUS=link up', 'WATCHDOG=1')).toEqual(['STATUS=health true'])
  })

  it('sends STOPPING=1 on shutdown', async () => {
    child.send({ quit: true })
    await waitFor(() => received.includes('STOPPING=1'), 'STOPPING=1')
    expect(fromChild.filter((m) => m.sendError)).toEqual([])
  })
})
