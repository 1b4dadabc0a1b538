// The printers a config describes: the `printers:` list, or the single `printer:` section as the printer `default`.
import type { Config, PrinterEntry } from './schema.js'

export const DEFAULT_PRINTER = { id: 'default', name: 'Printer' } as const

export type PrinterSettings = PrinterEntry & { name: string }

export function printersOf(config: Pick<Config, 'printer' | 'printers'>): PrinterSettings[] {
  if (!config.printers) return [{ ...config.printer, ...DEFAULT_PRINTER }]
  return config.printers.map((p) => ({ ...p, name: p.name ?? p.id }))
}
