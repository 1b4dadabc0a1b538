// One error body everywhere: GatewayError.toJSON(), 422 with field errors for validation, JSON for 404s.
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ZodError } from 'zod'
import { diskFullError, isDiskFull } from '../core/disk-full.js'
import { GatewayError, isGatewayError } from '../core/errors.js'
import type { Logger } from '../core/logger.js'

export function errorResponse(c: Context, error: GatewayError): Response {
  // An unread request body must not be taken as the next request on a kept-alive connection.
  if (error.status === 413 || error.status === 415) c.header('Connection', 'close')
  return c.json(error.toJSON(), error.status as ContentfulStatusCode)
}

/** Field errors in the seed's FastAPI-like form, also kept under `detail` so old clients keep working. */
export function validationError(error: ZodError, where: string): GatewayError {
  const fields = error.issues.map((issue) => ({
    loc: [where, ...issue.path.map(String)],
    field: issue.path.map(String).join('.') || where,
    msg: issue.message,
    type: issue.code,
  }))
  const summary = fields.map((f) => `${f.field}: ${f.msg}`).join('; ')
  return new GatewayError('VALIDATION_FAILED', `Invalid ${where}: ${summary}`, { detail: fields })
}

/** The OpenAPIHono defaultHook: every zod-validated route answers 422 with the same body. */
export function validationHook(result: { success: boolean; error?: ZodError; target?: string }, c: Context): Response | undefined {
  if (result.success || !result.error) return undefined
  return errorResponse(c, validationError(result.error, result.target === 'json' ? 'body' : (result.target ?? 'request')))
}

export function createErrorHandler(logger: Logger) {
  return function onError(error: Error, c: Context): Response {
    if (isGatewayError(error)) return errorResponse(c, error)
    if (error instanceof HTTPException) {
      const status = error.status
      if (status === 413) return errorResponse(c, new GatewayError('PAYLOAD_TOO_LARGE'))
      if (status === 400 && /json/i.test(error.message)) return errorResponse(c, new GatewayError('INVALID_JSON', error.message))
      if (status < 500)
        return c.json(
          { error: status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message: error.message || 'Bad request', detail: error.message || 'Bad request' },
          status,
        )
    }
    // SQLite or the file system ran out of space: the client can act on it (GET /api/housekeeping), no stack needed.
    if (isDiskFull(error)) {
      logger.warn('request refused: the data disk is full', { method: c.req.method, path: c.req.path, code: (error as { code?: string }).code })
      return errorResponse(c, diskFullError(error))
    }
    logger.error('request failed', { requestId: c.get('requestId') as string | undefined, method: c.req.method, path: c.req.path, error })
    return errorResponse(c, new GatewayError('INTERNAL'))
  }
}

export function notFound(c: Context): Response {
  return errorResponse(c, new GatewayError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`))
}
