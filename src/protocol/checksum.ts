// The host protocol's line checksum: XOR of every byte before the '*', printed in decimal.

export function checksum(text: string): number {
  let cs = 0
  for (let i = 0; i < text.length; i++) cs ^= text.charCodeAt(i) & 0xff
  return cs
}
