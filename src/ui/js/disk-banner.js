// A banner while the data disk is full: the gateway runs read-mostly until the owner frees space.

import { byId, setText } from './dom.js'
import { formatBytes } from './format.js'

const CHECK_EVERY_MS = 30_000

/** Reads /health now and every 30 s; shows or hides #disk-banner from its `disk` check. */
export function watchDisk({ api }) {
  const check = async () => {
    const el = byId('disk-banner')
    try {
      const disk = (await api.get('/health'))?.checks?.disk
      el.hidden = disk?.full !== true
      if (disk?.full) setText(el, `The gateway's disk is full (${formatBytes(disk.free_bytes ?? 0)} free): prints go on, but new files and job records cannot be saved. Delete old files or timelapses to free space.`)
    } catch {
      // not paired or offline: other parts of the page say so
    }
  }
  void check()
  setInterval(check, CHECK_EVERY_MS)
}
