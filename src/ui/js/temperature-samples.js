// Temperature samples for a chart: one per new reading on this device's clock, the last 30 minutes, the gateway's kept history merged in front.

const WINDOW_MS = 30 * 60_000
const MAX_SAMPLES = 2000

/** When (this device's clock) an update's temperatures were read; null when it carries none or repeats the last reading. */
export function readingTime(update, lastAt, now = Date.now()) {
  if (!update?.temperatures) return null
  // The gateway says how old its reading is, so this device's clock never has to agree with the Pi's.
  const age = Number.isFinite(update.temperatures_age_ms) ? update.temperatures_age_ms : 0
  const at = now - age
  return lastAt === null || at - lastAt > 500 ? at : null
}

/** Appends one reading to `samples` (in place) and drops what is older than the window. */
export function addSample(samples, temperatures, at) {
  const tool = temperatures.tools?.[0] ?? temperatures.tool0 ?? temperatures.hotend ?? null
  const bed = temperatures.bed ?? null
  samples.push({ at, tool: tool?.actual ?? null, toolTarget: tool?.target ?? null, bed: bed?.actual ?? null, bedTarget: bed?.target ?? null })
  const cutoff = at - WINDOW_MS
  while (samples.length > 0 && samples[0].at < cutoff) samples.shift()
  if (samples.length > MAX_SAMPLES) samples.splice(0, samples.length - MAX_SAMPLES)
}

/**
 * The gateway's history ({now, samples: [[at, tool, toolTarget, bed, bedTarget]]}) moved onto this device's clock, in front
 * of the samples taken here; null when the answer is not a history.
 */
export function withGatewayHistory(samples, history, now = Date.now()) {
  if (!Array.isArray(history?.samples) || !Number.isFinite(history.now)) return null
  const shift = now - history.now
  const older = history.samples.map(([at, tool, toolTarget, bed, bedTarget]) => ({ at: at + shift, tool, toolTarget, bed, bedTarget }))
  const first = samples[0]?.at ?? Infinity
  return [...older.filter((p) => p.at < first), ...samples]
}
