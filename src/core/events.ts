// A small typed event bus: each handler's exception is caught and reported, never re-thrown.

export type Listener<T> = (payload: T) => void

export interface TypedEmitter<M extends Record<string, unknown>> {
  on<K extends keyof M>(event: K, fn: Listener<M[K]>): () => void
  off<K extends keyof M>(event: K, fn: Listener<M[K]>): void
  emit<K extends keyof M>(event: K, payload: M[K]): void
}

export function createEmitter<M extends Record<string, unknown>>(
  onHandlerError: (event: string, error: unknown) => void = (event, error) => console.error(`event handler for ${event} failed`, error),
): TypedEmitter<M> {
  const listeners = new Map<keyof M, Set<Listener<never>>>()
  return {
    on(event, fn) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(fn as Listener<never>)
      return () => this.off(event, fn)
    },
    off(event, fn) {
      listeners.get(event)?.delete(fn as Listener<never>)
    },
    emit(event, payload) {
      const set = listeners.get(event)
      if (!set) return
      for (const fn of [...set]) {
        try {
          ;(fn as Listener<typeof payload>)(payload)
        } catch (error) {
          onHandlerError(String(event), error)
        }
      }
    },
  }
}
