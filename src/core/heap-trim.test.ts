// The heap trim: collects once the old generation has grown its slack past the last collection, follows V8's own down, never overlaps.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createHeapTrim, startHeapTrim } from './heap-trim.js'

const MB = 1024 * 1024

/** A heap whose use the test sets; a collection brings it down to `live`. */
function fakeHeap(start: number) {
  const heap = { used: start, live: start, collections: 0, release: null as (() => void) | null, hold: false }
  const collect = () =>
    new Promise<void>((resolve) => {
      heap.collections++
      const done = () => {
        heap.used = heap.live
        resolve()
      }
      if (heap.hold) heap.release = done
      else done()
    })
  return { heap, collect }
}

/** A trim past its first check, which always collects (start-up garbage): the heap is at `live` afterwards. */
async function started(live: number) {
  const fake = fakeHeap(live)
  const trim = createHeapTrim({ usedBytes: () => fake.heap.used, collect: fake.collect, slackBytes: MB })
  expect(await trim.check()).toBe(true)
  expect(trim.baseline()).toBe(live)
  fake.heap.collections = 0
  return { ...fake, trim }
}

describe('createHeapTrim', () => {
  it('collects at its first check, whatever the use: start-up garbage is not the live heap', async () => {
    const { heap, collect } = fakeHeap(30 * MB)
    heap.live = 20 * MB
    const trim = createHeapTrim({ usedBytes: () => heap.used, collect, slackBytes: MB })
    expect(await trim.check()).toBe(true)
    expect(trim.baseline()).toBe(20 * MB)
  })

  it('collects only once the old generation has grown the slack past what the last collection left', async () => {
    const { heap, trim } = await started(8 * MB)
    heap.used = 9 * MB - 1
    expect(await trim.check()).toBe(false)
    heap.used = 9 * MB
    heap.live = 8.2 * MB
    expect(await trim.check()).toBe(true)
    expect(heap.collections).toBe(1)
    expect(trim.baseline()).toBe(8.2 * MB)
    heap.used = 9.1 * MB
    expect(await trim.check()).toBe(false)
    heap.used = 9.2 * MB
    expect(await trim.check()).toBe(true)
    expect(heap.collections).toBe(2)
  })

  it("takes V8's own collections as the new baseline", async () => {
    const { heap, trim } = await started(10 * MB)
    heap.live = 7 * MB
    heap.used = 7 * MB
    expect(await trim.check()).toBe(false)
    expect(trim.baseline()).toBe(7 * MB)
    heap.used = 8 * MB
    expect(await trim.check()).toBe(true)
  })

  it('starts no second collection while one is still running', async () => {
    const { heap, trim } = await started(8 * MB)
    heap.hold = true
    heap.used = 10 * MB
    const first = trim.check()
    expect(await trim.check()).toBe(false)
    expect(heap.collections).toBe(1)
    heap.release!()
    expect(await first).toBe(true)
  })
})

describe('startHeapTrim', () => {
  it('does nothing without --expose-gc', () => {
    expect(globalThis.gc).toBeUndefined()
    expect(startHeapTrim({ slackBytes: MB, intervalMs: 1000 })).toBeNull()
  })

  it.each(['regular', 'last-resort'])(
    "with --expose-gc, V8's real %s collection brings the old generation back down to its live heap",
    (flavor) => {
      const module = fileURLToPath(new URL('./heap-trim.ts', import.meta.url))
      // Garbage that survives two young collections reaches the old generation; then the trim's own collect runs.
      const script = `
      const { createHeapTrim, oldGenerationBytes } = await import(${JSON.stringify(module)})
      let keep = []
      for (let i = 0; i < 200000; i++) { keep.push({ i, s: 'line ' + i }); if (keep.length > 50000) keep = [] }
      keep = null
      const collect = () => gc({ type: 'major', execution: 'async', flavor: ${JSON.stringify(flavor)} })
      const trim = createHeapTrim({ usedBytes: oldGenerationBytes, collect, slackBytes: 0 })
      const before = oldGenerationBytes()
      const collected = await trim.check()
      console.log(JSON.stringify({ before, after: oldGenerationBytes(), collected }))
    `
      const run = spawnSync(process.execPath, ['--expose-gc', '--max-semi-space-size=1', '--import', 'tsx', '--input-type=module', '-e', script], {
        encoding: 'utf8',
      })
      expect(run.stderr).toBe('')
      const { before, after, collected } = JSON.parse(run.stdout) as { before: number; after: number; collected: boolean }
      expect(collected).toBe(true)
      expect(after).toBeLessThan(before - 2 * MB)
    },
    30_000,
  )
})
