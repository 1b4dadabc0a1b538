// A real 20 MB disk for tests: a tmpfs (or a loop-mounted ext4 image); fills it to ENOSPC and frees it again.
import { execFileSync } from 'node:child_process'
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'

export interface SmallDisk {
  dir: string
  how: 'tmpfs' | 'ext4 loop image'
  /** Writes `name` until the disk refuses (ENOSPC); returns the bytes written. */
  fill(name?: string): number
  unmount(): void
}

/** Mounts a disk of `sizeMb` at `<work>/disk`; throws (never skips) when neither a tmpfs nor a loop image can be mounted. */
export function mountSmallDisk(work: string, sizeMb = 20): SmallDisk {
  const dir = join(work, 'disk')
  mkdirSync(dir, { recursive: true })
  const problems: string[] = []
  let how: SmallDisk['how'] | null = null
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0755`, 'tmpfs', dir], { stdio: 'pipe' })
    how = 'tmpfs'
  } catch (error) {
    problems.push(`tmpfs: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`)
    try {
      const image = join(work, 'disk.img')
      execFileSync('truncate', ['-s', `${sizeMb}M`, image])
      execFileSync('mke2fs', ['-q', '-F', '-t', 'ext4', '-m', '0', image], { stdio: 'pipe' })
      execFileSync('mount', ['-o', 'loop', image, dir], { stdio: 'pipe' })
      how = 'ext4 loop image'
    } catch (loopError) {
      problems.push(`loop image: ${String((loopError as { stderr?: Buffer }).stderr ?? loopError).trim()}`)
    }
  }
  if (!how) {
    throw new Error(`DISK-FULL TEST CANNOT RUN: no small disk could be mounted (needs root or CAP_SYS_ADMIN).\n${problems.join('\n')}`)
  }
  return {
    dir,
    how,
    fill(name = 'filler.bin') {
      const fd = openSync(join(dir, name), 'a')
      let written = 0
      try {
        for (const size of [1 << 20, 4096, 512, 1]) {
          const chunk = Buffer.alloc(size, 0x5a)
          try {
            for (;;) written += writeSync(fd, chunk)
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
          }
        }
      } finally {
        closeSync(fd)
      }
      return written
    },
    unmount() {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' })
      } finally {
        rmSync(work, { recursive: true, force: true })
      }
    },
  }
}
