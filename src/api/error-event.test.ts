import { describe, expect, it } from 'vitest'
import { ensureErrorEvent } from './error-event.js'

describe('ErrorEvent for @hono/node-ws on Node 20', () => {
  it('exists after ensureErrorEvent and carries the error', () => {
    ensureErrorEvent()
    const E = (globalThis as unknown as { ErrorEvent: new (t: string, i: { error: unknown }) => Event & { error: unknown; message: string } }).ErrorEvent
    const boom = new Error('frame too large')
    const e = new E('error', { error: boom })
    expect(e.type).toBe('error')
    expect(e.error).toBe(boom)
    expect(e.message).toBe('frame too large')
  })
})
