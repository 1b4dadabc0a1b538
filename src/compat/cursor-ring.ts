// A bounded list that readers follow with a cursor: each reader takes only what was added since its last read.
export interface CursorRing<T> {
  push(item: T): void
  all(): readonly T[]
  /** Items added after `cursor`, and the cursor to pass next time (0 = from the oldest kept). */
  since(cursor: number): { items: T[]; cursor: number }
  cursor(): number
}

export function createCursorRing<T>(max: number): CursorRing<T> {
  const items: T[] = []
  let dropped = 0
  return {
    push(item) {
      items.push(item)
      if (items.length > max) {
        const drop = items.length - max
        items.splice(0, drop)
        dropped += drop
      }
    },
    all: () => items,
    since(cursor) {
      return { items: items.slice(Math.max(0, cursor - dropped)), cursor: dropped + items.length }
    },
    cursor: () => dropped + items.length,
  }
}
