// One picture per G-code: the slicer's embedded thumbnail, else a toolpath drawn from the file; cached by content hash.
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readEmbeddedThumbnail } from './gcode-thumbnail.js'
import { renderToolpathPicture } from './toolpath-picture.js'

export interface Thumbnail {
  mime: 'image/png' | 'image/jpeg'
  data: Buffer
  /** "embedded": the slicer's own picture; "toolpath": drawn here from the extruding moves. */
  source: 'embedded' | 'toolpath'
}

export interface ThumbnailStore {
  /** The picture of the G-code at `path` whose SHA-256 is `key`; null when it has none and extrudes nothing. */
  get(o: { path: string; key: string }): Promise<Thumbnail | null>
}

const EXT = { 'image/png': 'png', 'image/jpeg': 'jpg' } as const
const KINDS = [
  ['embedded', 'image/png'],
  ['embedded', 'image/jpeg'],
  ['toolpath', 'image/png'],
] as const

export function createThumbnailStore(cacheDir: string): ThumbnailStore {
  const pending = new Map<string, Promise<Thumbnail | null>>()
  const fileOf = (key: string, source: string, mime: Thumbnail['mime']) => join(cacheDir, `${key}-${source}.${EXT[mime]}`)

  async function make(path: string, key: string): Promise<Thumbnail | null> {
    for (const [source, mime] of KINDS) {
      const cached = fileOf(key, source, mime)
      if (existsSync(cached)) return { mime, source, data: await readFile(cached) }
    }
    if (existsSync(join(cacheDir, `${key}-none`))) return null
    const embedded = await readEmbeddedThumbnail(path)
    const made: Thumbnail | null = embedded
      ? { mime: embedded.mime, data: embedded.data, source: 'embedded' }
      : await renderToolpathPicture(path).then((png) => (png ? { mime: 'image/png' as const, data: png, source: 'toolpath' as const } : null))
    await mkdir(cacheDir, { recursive: true, mode: 0o700 })
    const target = made ? fileOf(key, made.source, made.mime) : join(cacheDir, `${key}-none`)
    // Written whole, then renamed, so a reader never sees half a picture.
    await writeFile(`${target}.part`, made?.data ?? '')
    await rename(`${target}.part`, target)
    return made
  }

  return {
    get({ path, key }) {
      if (!/^[0-9a-f]{16,64}$/.test(key)) return Promise.reject(new Error('a thumbnail key is a hex content hash'))
      let job = pending.get(key)
      if (!job) {
        job = make(path, key).finally(() => pending.delete(key))
        pending.set(key, job)
      }
      return job
    },
  }
}
