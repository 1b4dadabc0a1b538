// The camera in the phone UI: the live picture (dashboard, job page), full screen on tap, a finished job's snapshot and timelapse.

import { h, replace } from './dom.js'
import { isFinished } from './format.js'

let camerasPromise = null

/** The configured cameras (GET /api/camera), asked once per page load; [] when none or not allowed. */
function cameras(api) {
  camerasPromise ??= api.get('/api/camera').then(
    (body) => body?.cameras ?? [],
    () => {
      camerasPromise = null
      return []
    },
  )
  return camerasPromise
}

/** Rotation and flips as classes (the page's CSP allows no inline style attributes). */
function pictureClass(cam) {
  return ['camera-picture', `rot-${cam.rotation ?? 0}`, cam.flipHorizontal && 'flip-h', cam.flipVertical && 'flip-v'].filter(Boolean).join(' ')
}

function toggleFullScreen(box) {
  if (document.fullscreenElement) return void document.exitFullscreen().catch(() => {})
  // iPhones have no element full screen for images: the box then covers the page instead.
  if (box.requestFullscreen) box.requestFullscreen().catch(() => box.classList.toggle('camera-full'))
  else box.classList.toggle('camera-full')
}

/** The live picture. It streams only while its view is shown and the page is visible, so the upstream can close. */
export function createLiveCamera(ctx, { title = 'Camera' } = {}) {
  const box = h('div', { class: 'camera-box' })
  const note = h('p', { class: 'muted small camera-note', hidden: true }, 'The camera sends no picture right now.')
  const el = h('section', { class: 'card camera', 'aria-label': title, hidden: true }, box, note)
  let picture = null
  let active = false

  function stop() {
    // Dropping the source ends the multipart request, so the gateway stops sending.
    picture?.removeAttribute('src')
  }

  async function start() {
    const [cam] = await cameras(ctx.api)
    el.hidden = !cam
    if (!cam || !active || document.hidden) return
    if (!picture) {
      picture = h('img', { class: pictureClass(cam), alt: 'Live picture of the printer', id: 'camera-live' })
      picture.addEventListener('error', () => (note.hidden = false))
      picture.addEventListener('load', () => (note.hidden = true))
      replace(
        box,
        h('button', { type: 'button', class: 'camera-tap', 'aria-label': 'Show the camera full screen', onClick: () => toggleFullScreen(box) }, picture),
      )
    }
    picture.src = `${cam.streamUrl}&t=${Date.now()}`
  }

  const onVisibility = () => (document.hidden ? stop() : start())
  return {
    el,
    enter() {
      active = true
      document.addEventListener('visibilitychange', onVisibility)
      void start()
    },
    leave() {
      active = false
      document.removeEventListener('visibilitychange', onVisibility)
      stop()
    },
  }
}

/** The job page's camera: live while the job prints; afterwards its end snapshot and its timelapse, when there are. */
export function createJobCamera(ctx) {
  const live = createLiveCamera(ctx, { title: 'Camera' })
  const media = h('section', { class: 'card camera-media', 'aria-labelledby': 'camera-media-title', hidden: true })
  const el = h('div', { class: 'job-camera' }, live.el, media)
  let key = ''
  let liveOn = false
  let retry = null
  let shownMedia = ''

  /** Looks again while the timelapse is still being made (it renders after the print ends). */
  async function showFinished(jobId, shownKey, attempt = 0) {
    const listing = await ctx.api.get('/api/timelapse').catch(() => null)
    if (key !== shownKey) return
    const video = listing?.files?.find((f) => f.job_id === jobId)
    const pending = listing?.unrendered?.find((f) => f.job_id === jobId)
    // Without a camera there is no end snapshot to ask for (asking would only log a 404).
    if (!video && !pending && (await cameras(ctx.api)).length === 0) return
    const snapshotUrl = `/downloads/snapshot/${encodeURIComponent(jobId)}.jpg`
    const mediaKey = `${shownKey}|${video?.url}|${pending?.frames}|${pending?.rendering}`
    if (mediaKey === shownMedia) return scheduleRetry()
    shownMedia = mediaKey
    const snapshot = h('img', { class: 'camera-snapshot', src: snapshotUrl, alt: 'The printer when the job ended', id: 'job-snapshot' })
    snapshot.addEventListener('error', () => {
      // not written yet (or no camera then): the next look draws it again
      if (shownMedia === mediaKey) shownMedia = ''
      snapshot.remove()
      media.hidden = !media.querySelector('video, .camera-pending')
    })
    replace(
      media,
      h('h2', { id: 'camera-media-title', class: 'card-title' }, video ? 'Timelapse' : 'When it ended'),
      video
        ? h('video', {
            class: 'camera-timelapse',
            id: 'job-timelapse',
            src: video.url,
            poster: snapshotUrl,
            controls: true,
            playsinline: true,
            preload: 'metadata',
          })
        : snapshot,
      pending
        ? h('p', { class: 'muted small camera-pending' }, pending.rendering ? 'The timelapse is being made…' : `Timelapse: ${pending.frames} pictures so far`)
        : null,
      video ? h('a', { href: video.url, download: video.name, class: 'small' }, `Download the timelapse (${video.size})`) : null,
    )
    media.hidden = false
    scheduleRetry()

    function scheduleRetry() {
      // Just finished: the end snapshot and the render take a few seconds.
      if (!video && attempt < 60 && (pending || attempt < 5)) retry = setTimeout(() => showFinished(jobId, shownKey, attempt + 1), 2000)
    }
  }

  return {
    el,
    /** Called on every render of the job page; redraws only when the job's phase changes. */
    show(job) {
      const printing = job && (job.status === 'printing_phase' || job.status === 'paused')
      const finished = job && isFinished(job.status)
      const next = job ? `${job.id}|${printing ? 'live' : finished ? 'done' : 'none'}` : ''
      if (next === key) return
      key = next
      if (printing && !liveOn) live.enter()
      if (!printing && liveOn) live.leave()
      liveOn = Boolean(printing)
      if (!printing) live.el.hidden = true
      media.hidden = true
      clearTimeout(retry)
      if (finished) void showFinished(job.id, key)
    },
    leave() {
      key = ''
      shownMedia = ''
      clearTimeout(retry)
      if (liveOn) live.leave()
      liveOn = false
    },
  }
}
