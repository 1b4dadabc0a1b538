// The API's request and response shapes as zod schemas; the OpenAPI document is generated from them.
import { z } from '@hono/zod-openapi'
import { JOB_STATUSES } from '../jobs/types.js'

export const ErrorBody = z.object({ error: z.string().openapi({ example: 'JOB_NOT_FOUND' }), message: z.string(), detail: z.unknown() }).openapi('Error')

export const errorResponses = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [code, { description: 'Error', content: { 'application/json': { schema: ErrorBody } } }]))

export const QUALITY_LEVELS = ['draft', 'standard', 'fine', 'ultra'] as const

export const PrintRequestBody = z
  .strictObject({
    user_request: z
      .string()
      .min(10, 'String should have at least 10 characters')
      .max(1000, 'String should have at most 1000 characters')
      .refine((s) => s.trim().length >= 10, 'The request must have at least 10 characters that are not spaces')
      .optional(),
    file_id: z.string().min(1).max(100).optional(),
    user_id: z.string().max(200).nullish(),
    printer_profile: z.string().min(1).max(100).nullish(),
    quality_level: z.enum(QUALITY_LEVELS).nullish(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    /** Wait for "Print it" (POST /api/workflows/{id}/confirm) before heating; default: the gateway's setting for typed requests, no for files. */
    confirm_before_print: z.boolean().nullish(),
    /** Sent by the seed's web app; accepted and ignored. */
    priority: z.unknown().optional(),
    /** Which printer of the gateway (GET /api/printers); absent: the first idle printer the job fits, else the default one. */
    printer_id: z.string().min(1).max(40).nullish(),
  })
  .refine((b) => (b.user_request === undefined) !== (b.file_id === undefined), {
    message: 'Give either user_request (10–1000 characters) or file_id of an uploaded file',
    path: ['user_request'],
  })
  .openapi('PrintRequest', {
    example: {
      user_request: 'Print a 20 mm calibration cube in PLA',
      user_id: 'phone',
      printer_profile: 'ender3_pla',
      quality_level: 'standard',
      metadata: {},
    },
  })

export const StepView = z
  .object({
    name: z.enum(['research', 'cad', 'slicing', 'printing']),
    title: z.string(),
    status: z.enum(['pending', 'running', 'completed', 'failed', 'skipped']),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    duration_ms: z.number().nullable(),
    error_code: z.string().nullable(),
    error_message: z.string().nullable(),
  })
  .openapi('Step')

export const PrintStatus = z
  .object({
    job_id: z.string(),
    workflow_id: z.string(),
    status: z.enum(JOB_STATUSES),
    progress_percentage: z.number(),
    current_step: z.string(),
    message: z.string(),
    created_at: z.string().openapi({ example: '2026-01-01T10:30:00.123Z' }),
    updated_at: z.string(),
    estimated_completion: z.string().nullable(),
    error_message: z.string().nullable(),
    error_code: z.string().nullable(),
    output_files: z.record(z.string(), z.string()).nullable().openapi({ description: 'Download URLs, never server paths' }),
    source: z.enum(['text', 'stl', 'gcode']),
    user_request: z.string().nullable(),
    user_id: z.string(),
    printer_profile: z.string().nullable(),
    quality_level: z.string().nullable(),
    file_id: z.string().nullable(),
    queue_position: z.number().nullable(),
    layer: z.number().nullable(),
    layer_count: z.number().nullable(),
    z: z.number().nullable(),
    eta_seconds: z.number().nullable(),
    estimated_seconds: z.number().nullable(),
    actual_seconds: z.number().nullable(),
    filament_mm: z.number().nullable(),
    gcode_sha256: z.string().nullable(),
    last_confirmed_line: z.number().nullable(),
    byte_offset: z.number().nullable(),
    temperatures: z.unknown().nullable(),
    printer_id: z.string().openapi({ description: 'The printer the job runs on (GET /api/printers)' }),
    print_gate: z
      .enum(['none', 'awaiting', 'confirmed'])
      .openapi({ description: '"awaiting": the job waits for "Print it" (POST /api/workflows/{id}/confirm) before it may heat the printer' }),
    steps: z.array(StepView).optional(),
  })
  .openapi('PrintStatus')

export const JobIdParam = z.object({
  job_id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'job_id', in: 'path' } }),
})

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).optional(),
  status_filter: z.string().max(50).optional(),
  /** The seed web app's names for offset and status_filter. */
  skip: z.coerce.number().int().min(0).optional().openapi({ description: 'Alias of offset (the seed web app sends it)' }),
  status: z.string().max(50).optional().openapi({ description: 'Alias of status_filter (the seed web app sends it)' }),
})

export const JobEventView = z
  .object({ id: z.number(), at: z.string(), type: z.string(), status: z.string().nullable(), message: z.string().nullable(), data: z.unknown().nullable() })
  .openapi('JobEvent')

export const FileView = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['gcode', 'stl']),
    size: z.number(),
    sha256: z.string(),
    created_at: z.string(),
    download_url: z.string(),
    in_use: z.boolean(),
    analysis: z.unknown().nullable(),
  })
  .openapi('File')

export const FileIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
})
