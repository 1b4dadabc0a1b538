// The pure protocol layer's public names: line framing, reply classification, report parsers.

export { checksum } from './checksum.js'
export { frameLine, framedLength, hasBinaryJunk, prepareLine, resetLine } from './gcode-line.js'
export { parseReply, type Reply } from './reply.js'
export { classifyError, matchesFatalPattern, type ErrorSeverity } from './reply-errors.js'
export { isHeatWaitLine, parseTargetReport, parseTemperatures } from './temperature.js'
export { parsePosition } from './position.js'
export { parseFirmwareInfo } from './firmware-info.js'
export { commandCode, commandTimeoutMs, isEmergencyCommand, renderScript } from './commands.js'
export { layerMarker, type LayerMarker } from './layer.js'
export type { HeaterReading, Position, Temperatures } from './types.js'
