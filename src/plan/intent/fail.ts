// The parser's one way to refuse: a GatewayError whose detail always carries phrasings that would work.

import { GatewayError, type ErrorCode } from '../../core/errors.js'

export const EXAMPLE_REQUESTS = [
  'print a 20 mm cube in PETG',
  'a cylinder 30 mm in diameter and 10 mm tall',
  '3 washers, 20 mm outer diameter, 8 mm hole, 2 mm thick',
  'a hollow sphere 40 mm across, fine quality',
  'a 100 x 60 x 3 mm plate with 30% infill',
]

export function fail(code: ErrorCode, message: string, extra: Record<string, unknown> = {}, suggestions = EXAMPLE_REQUESTS): never {
  throw new GatewayError(code, message, { detail: { ...extra, suggestions } })
}
