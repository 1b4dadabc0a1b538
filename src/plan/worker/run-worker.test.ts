// The worker runner under vitest: a .ts worker starts (tsx registered inside it), replies, fails, is terminated on abort.

import { describe, expect, it } from 'vitest'
import { runWorker, sourceExtension } from './run-worker.js'

const fixture = new URL(`./fixture-worker${sourceExtension}`, import.meta.url)
const codes = { abortCode: 'JOB_CANCELLED', failCode: 'INTERNAL' } as const

describe('runWorker', () => {
  it('runs a TypeScript worker and resolves with its reply', async () => {
    expect(await runWorker(fixture, { mode: 'echo', value: 42 }, codes)).toEqual({ got: 42, ext: '.ts' })
  })
  it('turns a failure reply into a GatewayError with its code and detail', async () => {
    await expect(runWorker(fixture, { mode: 'fail' }, codes)).rejects.toMatchObject({
      code: 'MODEL_FAILED',
      message: 'fixture failed',
      detail: { why: 'asked to' },
    })
  })
  it('rejects with the fail code when the worker exits without answering', async () => {
    await expect(runWorker(fixture, { mode: 'exit' }, codes)).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/code 3/) })
  })
  it('terminates a hanging worker on abort', async () => {
    const controller = new AbortController()
    const running = runWorker(fixture, { mode: 'hang' }, { ...codes, signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    await expect(running).rejects.toMatchObject({ code: 'JOB_CANCELLED' })
  })
  it('does not start when already aborted', async () => {
    await expect(runWorker(fixture, { mode: 'echo' }, { ...codes, signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'JOB_CANCELLED' })
  })
})
