// ffmpeg command lines: V4L2 MJPEG pass-through (no re-encoding) and the low-priority timelapse render.

export interface DeviceCapture {
  device: string
  fps: number
  /** `640x480`; the camera's default when absent. */
  size?: string | undefined
}

/** The camera's own JPEG frames copied into an MJPEG multipart stream on stdout, boundary `ffmpeg`. */
export function deviceCaptureArgs({ device, fps, size }: DeviceCapture): string[] {
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-f',
    'v4l2',
    '-input_format',
    'mjpeg',
    '-framerate',
    String(fps),
    ...(size ? ['-video_size', size] : []),
    '-i',
    device,
    '-c',
    'copy',
    '-f',
    'mpjpeg',
    'pipe:1',
  ]
}

export interface Orientation {
  rotate: 0 | 90 | 180 | 270
  flipHorizontal: boolean
  flipVertical: boolean
}

/** The video filter that turns frames the way the UI shows them, then evens the size for yuv420p. */
export function orientationFilter({ rotate, flipHorizontal, flipVertical }: Orientation): string {
  const filters: string[] = []
  if (flipHorizontal) filters.push('hflip')
  if (flipVertical) filters.push('vflip')
  if (rotate === 90) filters.push('transpose=clock')
  if (rotate === 180) filters.push('hflip', 'vflip')
  if (rotate === 270) filters.push('transpose=cclock')
  filters.push('scale=trunc(iw/2)*2:trunc(ih/2)*2')
  return filters.join(',')
}

export interface TimelapseRender {
  /** printf-style frame pattern, e.g. `<dir>/%06d.jpg`. */
  framePattern: string
  output: string
  fps: number
  threads: 1 | 2
  orientation: Orientation
}

/** `nice -n 19 ffmpeg …`: H.264 (libx264) in yuv420p with the index up front (+faststart) so phones play it at once. */
export function timelapseRenderCommand(r: TimelapseRender): { command: string; args: string[] } {
  return {
    command: 'nice',
    args: [
      '-n',
      '19',
      'ffmpeg',
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-y',
      '-framerate',
      String(r.fps),
      '-i',
      r.framePattern,
      '-vf',
      orientationFilter(r.orientation),
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '23',
      '-threads',
      String(r.threads),
      '-pix_fmt',
      'yuv420p',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      r.output,
    ],
  }
}
