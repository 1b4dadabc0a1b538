// Value types the pure protocol layer produces from firmware replies.

export interface HeaterReading {
  actual: number
  target: number | null
}

export interface Temperatures {
  /** Tools in index order (T0, T1 …). */
  tools: HeaterReading[]
  bed?: HeaterReading
  chamber?: HeaterReading
  /** Any other sensor the firmware reports (Prusa P:, A:, Buddy X: …), by its letter. */
  extra?: Record<string, HeaterReading>
}

export interface Position {
  x: number
  y: number
  z: number
  e: number
}
