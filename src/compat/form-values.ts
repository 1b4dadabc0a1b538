// How OctoPrint-style clients spell booleans and upload paths, read tolerantly.

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', '?1'])

/** `print`/`select` form fields and PrusaLink's `Print-After-Upload` header. */
export function isTruthy(value: string | null | undefined): boolean {
  return value != null && TRUE_WORDS.has(value.trim().toLowerCase())
}

/**
 * Joins a slicer's `path` folder and file name into one relative display path with forward
 * slashes; returns null when any segment tries to climb (`..`) or the result is empty.
 */
export function uploadDisplayPath(folder: string | null | undefined, fileName: string): string | null {
  const parts = `${folder ?? ''}/${fileName}`
    .replace(/\\/g, '/')
    .split('/')
    .map((p) => p.trim())
    .filter((p) => p !== '' && p !== '.')
  if (parts.length === 0 || parts.some((p) => p === '..' || p.includes('\0'))) return null
  return parts.join('/')
}
