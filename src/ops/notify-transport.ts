// Delivers sd_notify datagrams to NOTIFY_SOCKET: a path via unix-dgram, an abstract name via systemd-notify.
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'

/** Sends one sd_notify message (newline-separated `KEY=VALUE` lines). */
export interface NotifyTransport {
  send(message: string): Promise<void>
  close(): void
}

interface UnixDgramSocket {
  send(buf: Buffer, offset: number, length: number, path: string, callback: (error?: Error) => void): void
  on(event: 'error', fn: (error: Error) => void): void
  close(): void
}

const require = createRequire(import.meta.url)

/** Which kind of address NOTIFY_SOCKET holds; `@name` is Linux's abstract namespace. */
export function parseNotifyAddress(socketPath: string): { kind: 'path' | 'abstract'; name: string } {
  if (socketPath.startsWith('@')) return { kind: 'abstract', name: socketPath.slice(1) }
  return { kind: 'path', name: socketPath }
}

/** A datagram sent from this very process, so `NotifyAccess=main` accepts it. */
export function createUnixDgramTransport(path: string): NotifyTransport {
  const unix = require('unix-dgram') as { createSocket(type: 'unix_dgram'): UnixDgramSocket }
  let socket: UnixDgramSocket | null = null
  const open = (): UnixDgramSocket => {
    if (socket) return socket
    socket = unix.createSocket('unix_dgram')
    socket.on('error', () => {}) // errors reach the send callback
    return socket
  }
  return {
    send(message) {
      const buf = Buffer.from(message)
      return new Promise((resolve, reject) => open().send(buf, 0, buf.length, path, (error) => (error ? reject(error) : resolve())))
    },
    close() {
      socket?.close()
      socket = null
    },
  }
}

export type ExecFileFn = (file: string, args: string[], env: NodeJS.ProcessEnv, done: (error: Error | null) => void) => void

const defaultExec: ExecFileFn = (file, args, env, done) => {
  execFile(file, args, { env, timeout: 5000 }, (error) => done(error))
}

/**
 * unix-dgram copies the address with strncpy and always passes the full sockaddr length, so it
 * cannot reach an abstract socket. For `@name` we run `systemd-notify`, which sends from its own
 * PID: the unit then needs `NotifyAccess=all` (systemd's own /run/systemd/notify is a path).
 */
export function createSystemdNotifyCommandTransport(socketPath: string, exec: ExecFileFn = defaultExec): NotifyTransport {
  return {
    send(message) {
      const args = message.split('\n').filter((line) => line.length > 0)
      return new Promise((resolve, reject) =>
        exec('systemd-notify', ['--no-block', ...args], { ...process.env, NOTIFY_SOCKET: socketPath }, (error) => (error ? reject(error) : resolve())),
      )
    },
    close() {},
  }
}

/** The right transport for a NOTIFY_SOCKET value. */
export function createNotifyTransport(socketPath: string, exec?: ExecFileFn): NotifyTransport {
  return parseNotifyAddress(socketPath).kind === 'abstract' ? createSystemdNotifyCommandTransport(socketPath, exec) : createUnixDgramTransport(socketPath)
}
