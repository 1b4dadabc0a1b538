// REST client for the gateway: same origin, JSON in and out, errors as ApiError with plain words.

/** An API failure carrying the gateway's stable code and a sentence a person can read. */
export class ApiError extends Error {
  constructor(status, code, message, detail) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.detail = detail
  }
}

const unauthorizedListeners = new Set()

/** Called whenever the gateway answers 401, so the app can show the pairing screen. */
export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener)
  return () => unauthorizedListeners.delete(listener)
}

/** Sends a request; resolves with { data, headers } or throws ApiError. */
export async function request(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  let response
  try {
    response = await fetch(path, init)
  } catch {
    throw new ApiError(0, 'NETWORK', 'The gateway cannot be reached. Check the Wi-Fi and that the gateway is on.')
  }
  const data = await readBody(response)
  if (!response.ok) throw toApiError(response.status, data)
  return { data, headers: response.headers }
}

export const get = async (path) => (await request('GET', path)).data
export const post = async (path, body) => (await request('POST', path, body ?? {})).data
export const put = async (path, body) => (await request('PUT', path, body ?? {})).data
export const del = async (path) => (await request('DELETE', path)).data

async function readBody(response) {
  if (response.status === 204) return null
  const text = await response.text()
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** Turns an error response (any of the shapes the gateway or the seed used) into an ApiError. */
export function toApiError(status, data) {
  if (status === 401) for (const listener of unauthorizedListeners) listener()
  const code = typeof data?.error === 'string' ? data.error : `HTTP_${status}`
  let message = typeof data?.message === 'string' ? data.message : null
  if (!message && typeof data?.detail === 'string') message = data.detail
  if (!message) message = defaultMessage(status)
  const fields = fieldErrors(data?.detail)
  if (fields) message = `${message}: ${fields}`
  return new ApiError(status, code, message, data?.detail)
}

function fieldErrors(detail) {
  if (!Array.isArray(detail)) return null
  const parts = detail
    .map((d) => {
      const field = Array.isArray(d?.path) ? d.path.join('.') : Array.isArray(d?.loc) ? d.loc.at(-1) : d?.field
      const text = d?.message ?? d?.msg
      return text ? (field ? `${field}: ${text}` : text) : null
    })
    .filter(Boolean)
  return parts.length ? parts.join('; ') : null
}

function defaultMessage(status) {
  if (status === 401) return 'This phone is not paired with the gateway yet'
  if (status === 403) return 'This phone is not allowed to do that'
  if (status === 404) return 'Not found'
  if (status === 413) return 'That is too large for the gateway'
  if (status >= 500) return 'The gateway had a problem; try again'
  return `The gateway refused the request (${status})`
}

/**
 * Uploads a file with XMLHttpRequest so upload progress can be shown.
 * onProgress receives a fraction 0..1; aborting `signal` stops the upload. Resolves with the parsed JSON body.
 */
export function uploadFile(file, onProgress, { path = '/api/files', signal } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    xhr.open('POST', path)
    xhr.responseType = 'text'
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total)
    })
    xhr.addEventListener('load', () => {
      let data = null
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        data = xhr.responseText
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1)
        resolve(data)
      } else reject(toApiError(xhr.status, data))
    })
    xhr.addEventListener('error', () => reject(new ApiError(0, 'NETWORK', 'The upload was interrupted. Check the Wi-Fi and try again.')))
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'ABORTED', 'The upload was cancelled')))
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })
}
