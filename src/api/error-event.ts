// @hono/node-ws reports socket errors as an ErrorEvent, which Node 20 lacks: supply a minimal one.

class NodeErrorEvent extends Event {
  readonly error: unknown
  readonly message: string
  constructor(type: string, init: { error?: unknown; message?: string } = {}) {
    super(type)
    this.error = init.error
    this.message = init.message ?? (init.error instanceof Error ? init.error.message : '')
  }
}

export function ensureErrorEvent(): void {
  const g = globalThis as { ErrorEvent?: unknown }
  if (typeof g.ErrorEvent === 'undefined') g.ErrorEvent = NodeErrorEvent
}
