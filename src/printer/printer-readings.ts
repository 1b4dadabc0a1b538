// The printer's last temperatures and position, announced as they arrive.
import type { TypedEmitter } from '../core/events.js'
import type { Position, PrinterEvents, Temperatures } from './types.js'

export type PrinterReadings = ReturnType<typeof createPrinterReadings>

export function createPrinterReadings(events: TypedEmitter<PrinterEvents>, onTemperatures: (t: Temperatures) => void) {
  let temperatures: Temperatures | null = null
  let position: Position | null = null
  return {
    temperatures: () => temperatures,
    position: () => position,
    setTemperatures(t: Temperatures): void {
      temperatures = t
      events.emit('printer:temperature', t)
      onTemperatures(t)
    },
    setPosition(p: Position): void {
      position = p
      events.emit('printer:position', p)
    },
  }
}
