// Saved notification URLs: checked, passwords hidden in the view and kept on save, config URLs read-only.
import { describe, expect, it } from 'vitest'
import { createNotifySettings } from './settings.js'

const memoryKv = () => {
  const map = new Map<string, string>()
  return { get: (k: string) => map.get(k) ?? null, set: (k: string, v: string) => void map.set(k, v) }
}

describe('notification settings', () => {
  it('keeps a hidden password, refuses bad URLs and lists config URLs apart', () => {
    const settings = createNotifySettings(memoryKv(), ['json://10.0.0.2:8000/notify'])
    expect(settings.save(['ntfys://me:pw@ntfy.example.org/printer', ' ', 'ntfys://me:pw@ntfy.example.org/printer'])).toEqual([
      'ntfys://me:***@ntfy.example.org/printer',
    ])
    expect(settings.view()).toEqual({ configured: ['json://10.0.0.2:8000/notify'], urls: ['ntfys://me:***@ntfy.example.org/printer'] })
    expect(settings.save(['ntfys://me:***@ntfy.example.org/printer', 'http://10.0.0.3/hook'])).toHaveLength(2)
    expect(settings.targets()).toEqual(['json://10.0.0.2:8000/notify', 'ntfys://me:pw@ntfy.example.org/printer', 'http://10.0.0.3/hook'])
    expect(() => settings.save(['ftp://x/y'])).toThrow(/Unsupported notification scheme/)
    expect(() => settings.save(Array.from({ length: 11 }, (_, i) => `http://h/${i}`))).toThrow(/At most 10/)
    expect(settings.targets()).toHaveLength(3)
  })
})
