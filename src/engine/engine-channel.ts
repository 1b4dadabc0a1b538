// The two ends of the gateway ↔ engine link, and the in-memory pair that runs the engine host in the gateway's process.

import type { EngineMessage, HostMessage } from './engine-messages.js'

/** The proxy's end: how the gateway talks to the engine, wherever it runs. */
export interface EngineChannel {
  post(message: HostMessage): void
  onMessage(fn: (message: EngineMessage) => void): void
  /** Called once when the engine is gone for good (crash, exit, terminate), with words for a person. */
  onGone(fn: (why: string) => void): void
  terminate(): Promise<void>
  /** The engine's process id when it runs in a child process. */
  readonly pid?: number
}

/** The engine host's end. */
export interface EngineEndpoint {
  post(message: EngineMessage): void
  onMessage(fn: (message: HostMessage) => void): void
}

/**
 * A channel and an endpoint joined in memory. Every message is structured-cloned and delivered on a later
 * microtask, in order, as it would be across the process boundary, so the proxy and the host are exercised as shipped.
 */
export function createInMemoryLink(onTerminate: () => Promise<void> | void = () => {}): { channel: EngineChannel; endpoint: EngineEndpoint } {
  const toEngine: ((message: HostMessage) => void)[] = []
  const toGateway: ((message: EngineMessage) => void)[] = []
  const goneListeners: ((why: string) => void)[] = []
  let open = true
  const deliver = <T>(listeners: ((message: T) => void)[], message: T) => {
    if (!open) return
    const copy = structuredClone(message)
    queueMicrotask(() => {
      if (open) for (const fn of listeners) fn(copy)
    })
  }
  return {
    endpoint: {
      post: (message) => deliver(toGateway, message),
      onMessage: (fn) => void toEngine.push(fn),
    },
    channel: {
      post: (message) => deliver(toEngine, message),
      onMessage: (fn) => void toGateway.push(fn),
      onGone: (fn) => void goneListeners.push(fn),
      async terminate() {
        if (!open) return
        open = false
        await onTerminate()
        for (const fn of goneListeners.splice(0)) fn('The in-process printer engine stopped')
      },
    },
  }
}
