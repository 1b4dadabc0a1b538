// The console trace writes one info line per console line and stops when detached; the env switch.
import { describe, expect, it } from 'vitest'
import { createEmitter } from '../core/events.js'
import { createLogger } from '../core/logger.js'
import type { PrinterEvents } from '../printer/types.js'
import { attachConsoleTrace } from './console-trace.js'

describe('console trace', () => {
  it('logs sent and received lines at info (the default level, no need for debug everywhere), until detached', () => {
    const lines: string[] = []
    const logger = createLogger({ level: 'info', write: (l) => lines.push(l), now: () => new Date(0) })
    const events = createEmitter<PrinterEvents>()
    const detach = attachConsoleTrace(events, logger)
    events.emit('printer:console', { direction: 'sent', line: 'N1 G28*18', at: 1 })
    events.emit('printer:console', { direction: 'received', line: 'ok', at: 2 })
    detach()
    events.emit('printer:console', { direction: 'sent', line: 'N2 M105*33', at: 3 })
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      { time: '1970-01-01T00:00:00.000Z', level: 'info', msg: 'console', component: 'console', dir: 'sent', line: 'N1 G28*18' },
      { time: '1970-01-01T00:00:00.000Z', level: 'info', msg: 'console', component: 'console', dir: 'received', line: 'ok' },
    ])
  })
})
