// The proxy ↔ engine-host message set over the in-memory link: errors, done, ordering, console batching, engine death.

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFakeClock, createSystemClock, type Clock } from '../core/clock.js'
import { GatewayError, isGatewayError } from '../core/errors.js'
import { createEmitter } from '../core/events.js'
import { silentLogger } from '../core/logger.js'
import type { PrinterEvents, PrinterService, PrinterState, PrinterStatus, PrintProgress, PrintResult } from '../printer/types.js'
import { serveEngine } from './engine-host.js'
import type { EngineMessage } from './engine-messages.js'
import { createPrinterProxy } from './printer-proxy.js'
import { createInMemoryLink, type EngineChannel } from './engine-channel.js'

/** A scripted engine: tests drive its state and events by hand. */
function createFakeEngine() {
  const events = createEmitter<PrinterEvents>()
  let state: PrinterState = 'disconnected'
  let progress: PrintProgress | null = null
  let finish: (result: PrintResult) => void = () => {}
  const setState = (next: PrinterState) => {
    const prev = state
    state = next
    events.emit('printer:state_changed', { prev, next, reason: null })
  }
  const status = (): PrinterStatus => ({
    state,
    reason: null,
    firmware: null,
    flowMode: 'ping-pong',
    temperatures: null,
    position: null,
    link: { port: 'fake', baud: null, linesSent: 0, bytesSent: 0, resends: 0, timeouts: 0, checksumErrors: 0 },
    job: progress,
  })
  const never = new Promise<never>(() => {})
  const service: PrinterService = {
    events,
    status,
    connect: async (o) => {
      if (o?.port === 'nowhere')
        throw new GatewayError('PRINTER_CONNECT_FAILED', 'No answer on nowhere', { detail: { port: 'nowhere', tried: [250000, 115200] } })
      if (o?.port === 'bug') throw new TypeError('engine bug')
      setState('operational')
    },
    disconnect: async () => setState('disconnected'),
    async startPrint({ jobId }) {
      setState('printing')
      events.emit('printer:job_started', { jobId })
      return { done: new Promise<PrintResult>((resolve) => (finish = resolve)) }
    },
    pause: async () => {
      throw new GatewayError('PRINTER_NOT_PRINTING')
    },
    resume: async () => undefined,
    cancel: async () => undefined,
    emergencyStop: async () => undefined,
    sendCommand: async (line) => (line === 'HANG' ? never : [`echo:${line}`, 'ok']),
    recentConsole: () => [],
    listPorts: async () => ({ ports: [{ path: '/dev/ttyFAKE0', source: 'scan' }], profiles: [] }),
    shutdown: async () => undefined,
  }
  return {
    service,
    events,
    setProgress: (p: PrintProgress) => events.emit('printer:progress', (progress = p)),
    finish(result: PrintResult) {
      progress = null
      setState('operational')
      events.emit('printer:job_ended', result)
      finish(result)
    },
  }
}

/** The engine host on one end of the in-memory link, the proxy on the other; `kill` plays a dead engine. */
function wire({ clock = createSystemClock(), ...options }: { consoleRing?: number; clock?: Clock } = {}) {
  const engine = createFakeEngine()
  const posted: EngineMessage[] = []
  const gone: ((why: string) => void)[] = []
  let starts = 0
  const start = (): EngineChannel => {
    starts++
    const { channel, endpoint } = createInMemoryLink()
    serveEngine({
      service: engine.service,
      clock,
      endpoint: { post: (m) => (posted.push(m), endpoint.post(m)), onMessage: endpoint.onMessage },
    })
    return { ...channel, onGone: (fn) => gone.push(fn) }
  }
  const proxy = createPrinterProxy({ start, logger: silentLogger, defaultPort: 'fake', ...options })
  return { engine, proxy, posted, starts: () => starts, kill: (why: string) => gone.splice(0).forEach((fn) => fn(why)) }
}

/** A round trip through the link: every message the engine posted before its reply has reached the proxy. */
const roundTrip = async (proxy: ReturnType<typeof wire>['proxy']) => expect(await proxy.sendCommand('M115')).toEqual(['echo:M115', 'ok'])

describe('printer proxy over the engine protocol', () => {
  it('rebuilds GatewayErrors with code, message and detail; other errors become INTERNAL', async () => {
    const { proxy } = wire()
    await proxy.whenReady()
    const error = await proxy.connect({ port: 'nowhere' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GatewayError)
    expect(error).toMatchObject({
      code: 'PRINTER_CONNECT_FAILED',
      status: 502,
      message: 'No answer on nowhere',
      detail: { port: 'nowhere', tried: [250000, 115200] },
    })
    await expect(proxy.connect({ port: 'bug' })).rejects.toMatchObject({ code: 'INTERNAL', message: 'engine bug' })
    await expect(proxy.pause()).rejects.toMatchObject({ code: 'PRINTER_NOT_PRINTING', message: 'The printer is not printing' })
  })

  it('mirrors status by the time a call resolves and re-emits events in the engine order', async () => {
    const { proxy } = wire()
    const seen: string[] = []
    proxy.events.on('printer:state_changed', (e) => seen.push(e.next))
    proxy.events.on('printer:job_started', (e) => seen.push(`started ${e.jobId}`))
    expect(proxy.status().state).toBe('disconnected')
    await proxy.connect()
    expect(proxy.status().state).toBe('operational')
    await proxy.startPrint({ jobId: 'j1', path: '/nowhere.gcode' })
    expect(proxy.status().state).toBe('printing')
    expect(seen).toEqual(['operational', 'printing', 'started j1'])
    expect(await proxy.sendCommand('M115')).toEqual(['echo:M115', 'ok'])
    expect((await proxy.listPorts()).ports).toEqual([{ path: '/dev/ttyFAKE0', source: 'scan' }])
  })

  it('resolves done with the PrintResult the engine reports, after printer:job_ended', async () => {
    const { proxy, engine } = wire()
    await proxy.connect()
    const { done } = await proxy.startPrint({ jobId: 'j2', path: '/x.gcode' })
    const order: string[] = []
    proxy.events.on('printer:job_ended', (r) => order.push(`event ${r.outcome}`))
    void done.then((r) => order.push(`done ${r.outcome}`))
    const result: PrintResult = {
      jobId: 'j2',
      outcome: 'completed',
      lastConfirmedLine: 42,
      byteOffset: 420,
      layer: 3,
      z: 0.6,
      temperatures: null,
      elapsedMs: 1234,
    }
    engine.finish(result)
    expect(await done).toEqual(result)
    expect(order).toEqual(['event completed', 'done completed'])
    expect(proxy.status().state).toBe('operational')
  })

  it('batches console lines, keeps them before later events, and keeps a bounded ring', async () => {
    const clock = createFakeClock()
    const { proxy, engine, posted } = wire({ consoleRing: 100, clock })
    await proxy.connect()
    const received: string[] = []
    proxy.events.on('printer:console', (l) => received.push(l.line))
    proxy.events.on('printer:notice', (n) => received.push(`notice ${n.message}`))
    for (let i = 0; i < 300; i++) engine.events.emit('printer:console', { direction: 'received', line: `ok ${i}`, at: performance.now() })
    engine.events.emit('printer:notice', { level: 'info', message: 'after' })
    await roundTrip(proxy)
    expect(received).toEqual([...Array.from({ length: 300 }, (_, i) => `ok ${i}`), 'notice after'])
    expect(posted.filter((m) => m.type === 'console')).toHaveLength(1)
    const ring = proxy.recentConsole()
    expect(ring).toHaveLength(100)
    expect(ring.at(-1)?.line).toBe('ok 299')
    engine.events.emit('printer:console', { direction: 'sent', line: 'N1 G28*18', at: performance.now() })
    const consoleMessages = () => posted.filter((m) => m.type === 'console').length
    clock.advance(49)
    expect(consoleMessages()).toBe(1) // still gathering (the batch is 50 ms)
    expect(proxy.recentConsole().at(-1)?.line).toBe('ok 299')
    clock.advance(1)
    expect(consoleMessages()).toBe(2) // the batch timer posted it, not a later message
    await roundTrip(proxy)
    expect(proxy.recentConsole().at(-1)?.line).toBe('N1 G28*18')
  })

  it('when the engine dies: state error with the reason, pending calls reject, the running job ends interrupted', async () => {
    const { proxy, engine, kill, starts } = wire()
    const dir = mkdtempSync(join(tmpdir(), 'pg-proxy-'))
    const path = join(dir, 'job.gcode')
    writeFileSync(path, 'G28\nG1 X1\nG1 X2\nG1 X3\n')
    await proxy.connect()
    const { done } = await proxy.startPrint({ jobId: 'j3', path })
    engine.setProgress({
      jobId: 'j3',
      linesTotal: 4,
      linesConfirmed: 2,
      bytesConfirmed: 9,
      bytesTotal: 22,
      percent: 40,
      layer: 1,
      z: 0.2,
      elapsedMs: 500,
      pausedMs: 0,
    })
    const hanging = proxy.sendCommand('HANG')
    await roundTrip(proxy) // the progress has reached the proxy and the HANG call is in the engine
    const states: { prev: string; next: string; reason: string | null }[] = []
    proxy.events.on('printer:state_changed', (e) => states.push(e))
    const ended = new Promise<PrintResult>((resolve) => proxy.events.on('printer:job_ended', resolve))
    kill('The printer engine crashed: boom')
    const error = await hanging.catch((e: unknown) => e)
    expect(isGatewayError(error, 'PRINTER_DISCONNECTED')).toBe(true)
    expect(states).toEqual([{ prev: 'printing', next: 'error', reason: 'The printer engine crashed: boom' }])
    const result = await done
    expect(result).toMatchObject({
      jobId: 'j3',
      outcome: 'interrupted',
      code: 'PRINTER_DISCONNECTED',
      lastConfirmedLine: 2,
      byteOffset: 9,
      layer: 1,
      z: 0.2,
      elapsedMs: 500,
    })
    expect(await ended).toEqual(result)
    expect(proxy.status()).toMatchObject({ state: 'error', reason: 'The printer engine crashed: boom', job: null })
    await expect(proxy.sendCommand('M105')).rejects.toMatchObject({ code: 'PRINTER_NOT_CONNECTED' })
    await proxy.connect() // starts a fresh engine
    expect(starts()).toBe(2)
    expect(proxy.status().state).toBe('operational')
  })

  it('a shutdown is not a crash', async () => {
    const { proxy, kill } = wire()
    await proxy.connect()
    const states: string[] = []
    proxy.events.on('printer:state_changed', (e) => states.push(e.next))
    await proxy.shutdown()
    kill('The printer engine stopped (exit code 0)')
    expect(states).toEqual([])
  })
})
