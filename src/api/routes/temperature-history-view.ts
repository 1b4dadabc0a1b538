// The temperature history's JSON view, shared by /api/printer/temperature-history and /api/printers/{printer_id}/temperature-history.
import { z } from '@hono/zod-openapi'
import type { PrinterUnit } from '../../farm/types.js'

export type HistorySource = NonNullable<PrinterUnit['temperatureHistory']>

export const HistoryView = z
  .object({
    now: z.number().describe('The gateway clock (epoch ms) when answered; sample times are on the same clock'),
    interval_ms: z.number(),
    window_seconds: z.number(),
    last_reading_at: z.number().nullable(),
    samples: z
      .array(z.tuple([z.number(), z.number().nullable(), z.number().nullable(), z.number().nullable(), z.number().nullable()]))
      .describe('[at, hot-end, hot-end target, bed, bed target], oldest first'),
  })
  .openapi('TemperatureHistory')

export function toHistoryView(history: HistorySource, nowMs: number): z.infer<typeof HistoryView> {
  return {
    now: nowMs,
    interval_ms: history.intervalMs,
    window_seconds: history.windowMs / 1000,
    last_reading_at: history.lastReadingAt(),
    samples: history.samples().map((s) => [s.at, s.tool, s.toolTarget, s.bed, s.bedTarget]),
  }
}
