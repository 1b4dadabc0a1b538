// NOTIFY_SOCKET edge cases: an abstract name (`@name`, via systemd-notify, socat listening) and a dead path.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createSystemdNotifier } from '../../src/ops/sd-notify.js'
import { parseNotifyAddress } from '../../src/ops/notify-transport.js'
import { until } from '../support/wait-for.js'

const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0

describe('abstract NOTIFY_SOCKET', () => {
  it('parses @name as abstract and a path as a path', () => {
    expect(parseNotifyAddress('@/org/freedesktop/systemd1/notify')).toEqual({ kind: 'abstract', name: '/org/freedesktop/systemd1/notify' })
    expect(parseNotifyAddress('/run/systemd/notify')).toEqual({ kind: 'path', name: '/run/systemd/notify' })
  })

  it.skipIf(!have('socat') || !have('systemd-notify'))('delivers READY=1 and STATUS to an abstract socket', async () => {
    const name = `printgate-test-${randomBytes(4).toString('hex')}`
    const listener = spawn('socat', ['-u', `ABSTRACT-RECVFROM:${name},fork`, '-'], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    listener.stdout.on('data', (d: Buffer) => (out += d.toString()))
    try {
      // socat has bound the abstract socket once the kernel lists it (as @name) in /proc/net/unix.
      await until(() => readFileSync('/proc/net/unix', 'utf8').includes(`@${name}`), 5_000, `socat to bind @${name}`)
      const errors: unknown[] = []
      const notifier = createSystemdNotifier({ socketPath: `@${name}`, watchdogUsec: undefined, onSendError: (e) => errors.push(e) })
      await notifier.ready()
      await notifier.status('listening on 8000')
      await until(() => out.includes('STATUS=listening on 8000'), 5_000, 'the STATUS datagram')
      expect(errors).toEqual([])
      expect(out).toContain('READY=1')
      expect(out).toContain('STATUS=listening on 8000')
    } finally {
      listener.kill()
    }
  })

  it('reports, without throwing, a NOTIFY_SOCKET path nobody listens on', async () => {
    const errors: unknown[] = []
    const notifier = createSystemdNotifier({
      socketPath: `/tmp/printgate-nobody-${randomBytes(4).toString('hex')}.sock`,
      watchdogUsec: undefined,
      onSendError: (e) => errors.push(e),
    })
    await expect(notifier.ready()).resolves.toBeUndefined()
    notifier.stop()
    expect(errors).toHaveLength(1)
    expect(String(errors[0])).toMatch(/send/)
  })
})
