// ffmpeg command lines: a V4L2 device is copied (never re-encoded); the render is nice'd libx264 yuv420p +faststart.
import { describe, expect, it } from 'vitest'
import { deviceCaptureArgs, orientationFilter, timelapseRenderCommand } from './ffmpeg-args.js'

describe('deviceCaptureArgs', () => {
  it('reads the device as MJPEG and copies the frames into an MJPEG multipart stream', () => {
    const args = deviceCaptureArgs({ device: '/dev/video0', fps: 10, size: '640x480' })
    expect(args.join(' ')).toContain('-f v4l2 -input_format mjpeg -framerate 10 -video_size 640x480 -i /dev/video0 -c copy -f mpjpeg pipe:1')
    expect(args).not.toContain('-c:v')
  })
  it('leaves the size to the camera when none is given', () => {
    expect(deviceCaptureArgs({ device: '/dev/v4l/by-id/usb-cam', fps: 5 })).not.toContain('-video_size')
  })
})

describe('timelapseRenderCommand', () => {
  it('runs ffmpeg at nice 19 with libx264, yuv420p, +faststart and the thread cap', () => {
    const { command, args } = timelapseRenderCommand({
      framePattern: '/d/%06d.jpg',
      output: '/d/out.mp4',
      fps: 25,
      threads: 2,
      orientation: { rotate: 0, flipHorizontal: false, flipVertical: false },
    })
    expect([command, ...args.slice(0, 3)]).toEqual(['nice', '-n', '19', 'ffmpeg'])
    const line = args.join(' ')
    for (const part of ['-framerate 25 -i /d/%06d.jpg', '-c:v libx264', '-threads 2', '-pix_fmt yuv420p', '-movflags +faststart']) expect(line).toContain(part)
    expect(args.at(-1)).toBe('/d/out.mp4')
  })
  it('turns the picture the way the UI shows it', () => {
    expect(orientationFilter({ rotate: 90, flipHorizontal: true, flipVertical: false })).toBe('hflip,transpose=clock,scale=trunc(iw/2)*2:trunc(ih/2)*2')
    expect(orientationFilter({ rotate: 180, flipHorizontal: false, flipVertical: false })).toMatch(/^hflip,vflip,scale/)
  })
})
