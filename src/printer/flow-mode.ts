// Which flow mode a link runs: the requested one or the profile's default, buffered only where the profile allows it.
import type { FirmwareProfile } from '../profiles/schema.js'
import type { FlowMode } from './types.js'

export function chooseFlowMode(profile: FirmwareProfile, requested?: FlowMode): FlowMode {
  const wanted = requested ?? profile.flow.default
  return wanted === 'buffered' && profile.flow.bufferedAllowed ? 'buffered' : 'ping-pong'
}
