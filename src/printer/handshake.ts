// The connection handshake: line-number reset (retried while the board boots), M115, capabilities, profile choice.

import type { Clock } from '../core/clock.js'
import { GatewayError } from '../core/errors.js'
import { parseReply } from '../protocol/reply.js'
import { selectProfile } from '../profiles/load.js'
import type { FirmwareProfile } from '../profiles/schema.js'
import type { LinkSender } from './link-sender.js'

export interface HandshakeResult {
  name: string | null
  version: string | null
  fields: Record<string, string>
  capabilities: Record<string, boolean>
  profile: FirmwareProfile
}

export interface HandshakeDeps {
  sender: LinkSender
  clock: Clock
  profiles: Map<string, FirmwareProfile>
  /** The profile id the user configured; chosen from FIRMWARE_NAME when absent. */
  configuredProfile?: string | undefined
  handshakeMs: number
  /** How long one M110 attempt waits for its ok before it is sent again. */
  attemptMs?: number
}

const isOk = (line: string) => parseReply(line).kind === 'ok'

export async function runHandshake(deps: HandshakeDeps): Promise<HandshakeResult> {
  const deadline = deps.clock.now() + deps.handshakeMs
  const attemptMs = deps.attemptMs ?? 2000
  for (;;) {
    const lines = await deps.sender.resetLineNumbers(attemptMs)
    if (lines.some(isOk)) break
    if (deps.clock.now() >= deadline) throw new GatewayError('PRINTER_CONNECT_FAILED', `The printer did not answer M110 within ${deps.handshakeMs} ms`)
  }
  const result: Omit<HandshakeResult, 'profile'> = { name: null, version: null, fields: {}, capabilities: {} }
  for (const line of await deps.sender.enqueue('M115', { barrier: true })) {
    let reply = parseReply(line)
    if (reply.kind === 'ok' && reply.text.includes('FIRMWARE_NAME')) reply = parseReply(reply.text)
    if (reply.kind === 'firmware') {
      result.name = reply.name
      result.version = reply.version
      result.fields = reply.fields
    } else if (reply.kind === 'capability') {
      result.capabilities[reply.name] = reply.enabled
    }
  }
  let profile: FirmwareProfile
  if (deps.configuredProfile) {
    const chosen = deps.profiles.get(deps.configuredProfile)
    if (!chosen) throw new GatewayError('FIRMWARE_PROFILE_UNKNOWN', `No firmware profile "${deps.configuredProfile}"`)
    profile = chosen
  } else profile = selectProfile(deps.profiles, result.name)
  return { ...result, profile }
}
