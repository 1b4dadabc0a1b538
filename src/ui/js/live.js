// Live updates over /ws/progress: subscribes to every job and the printer (and more topics on demand), pings, reconnects with back-off.

// After 2 s without a message the page pings; no answer 2.5 s later means the link is gone (shown within 5 s).
const PING_EVERY_MS = 2_000
const PONG_WAIT_MS = 2_500
const CONNECT_WAIT_MS = 8_000
const BACKOFF_FIRST_MS = 500
const BACKOFF_MAX_MS = 30_000

/** The socket address, taken from the page so the UI works on whatever host and port served it. */
export function progressUrl(loc = window.location) {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${loc.host}/ws/progress`
}

/**
 * Opens and keeps open the progress socket.
 * onMessage(msg) gets every parsed message except pong; onState(state) gets
 * 'connecting' | 'live' | 'offline' and is told the retry delay when offline.
 */
export function createLiveSocket({ url = progressUrl(), onMessage, onState, onReconnect, topics = ['printer'] }) {
  const subscribed = new Set(topics)
  let socket = null
  let attempt = 0
  let retryTimer = null
  let pingTimer = null
  let pongTimer = null
  let stopped = false
  let everOpened = false

  function connect() {
    clearTimeout(retryTimer)
    if (stopped) return
    onState('connecting')
    const ws = new WebSocket(url)
    socket = ws
    // A handshake that hangs (Wi-Fi gone mid-connect) counts as a failed attempt.
    clearTimeout(pongTimer)
    pongTimer = setTimeout(() => socket === ws && ws.readyState !== WebSocket.OPEN && drop(), CONNECT_WAIT_MS)
    ws.addEventListener('open', () => {
      if (socket !== ws) return
      clearTimeout(pongTimer)
      const wasReconnect = everOpened
      everOpened = true
      attempt = 0
      ws.send(JSON.stringify({ type: 'subscribe' }))
      for (const topic of subscribed) ws.send(JSON.stringify({ type: 'subscribe', topic }))
      onState('live')
      schedulePing()
      if (wasReconnect) onReconnect?.()
    })
    ws.addEventListener('message', (event) => {
      if (socket !== ws) return
      let msg
      try {
        msg = JSON.parse(event.data)
      } catch {
        return
      }
      if (msg?.type === 'pong') {
        clearTimeout(pongTimer)
        return
      }
      schedulePing()
      onMessage(msg)
    })
    ws.addEventListener('close', () => {
      if (socket === ws) scheduleRetry()
    })
    ws.addEventListener('error', () => {
      // 'close' follows; retry from there.
    })
  }

  function schedulePing() {
    clearTimeout(pingTimer)
    pingTimer = setTimeout(() => {
      if (socket?.readyState !== WebSocket.OPEN) return
      socket.send(JSON.stringify({ type: 'ping' }))
      clearTimeout(pongTimer)
      pongTimer = setTimeout(() => drop(), PONG_WAIT_MS)
    }, PING_EVERY_MS)
  }

  function drop() {
    const ws = socket
    socket = null
    try {
      ws?.close()
    } catch {
      // already closing
    }
    scheduleRetry()
  }

  function scheduleRetry() {
    clearTimeout(pingTimer)
    clearTimeout(pongTimer)
    socket = null
    if (stopped) return
    const delay = backoffDelay(attempt++)
    onState('offline', delay)
    retryTimer = setTimeout(connect, delay)
  }

  /** Reconnects at once (page visible again, network back). */
  function nudge() {
    if (stopped || socket) return
    attempt = 0
    connect()
  }

  window.addEventListener('online', nudge)
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') nudge()
  })

  connect()
  return {
    send: (msg) => socket?.readyState === WebSocket.OPEN && socket.send(JSON.stringify(msg)),
    /** Adds a topic, now and after every reconnect. */
    subscribe(topic) {
      if (subscribed.has(topic)) return
      subscribed.add(topic)
      if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'subscribe', topic }))
    },
    nudge,
    close() {
      stopped = true
      clearTimeout(retryTimer)
      clearTimeout(pingTimer)
      clearTimeout(pongTimer)
      socket?.close()
    },
  }
}

/** Exponential back-off with jitter: 0.5 s, 1 s, 2 s … capped at 30 s. */
export function backoffDelay(attempt, random = Math.random) {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** attempt)
  return Math.round(base * (0.75 + random() * 0.5))
}
