// Corrects misspelt object words ("gaer" → "gear") toward the library's vocabulary, noting each correction.

/** Damerau-Levenshtein distance, capped: returns max + 1 as soon as it is exceeded. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1)
      d[i]![j] = v
      rowMin = Math.min(rowMin, v)
    }
    if (rowMin > max) return max + 1
  }
  return d[a.length]![b.length]!
}

/** Ordinary words that must never be "corrected" into object words. */
const COMMON = new Set(
  `a an the and or for with of to in on at by from that this it its is are be as me my i we you your please print make create build need want
some one two three four five six seven eight nine ten small large big tiny little wide long tall high deep thick thin round square flat open closed
inside outside inner outer over under into onto holds hold fits fit fitting size sized each per about around top bottom side sides front back left right
hole holes wall walls lid cover good nice new old simple plain strong light heavy red blue green black white grey gray yellow orange pink purple clear
says say saying reading text name word words letters cable cables phone tablet door bag drawer shelf desk plant pen pencil pens key keys bit bits card cards
screw screws bolt bolts nut nuts washer washers gear gears cube cubes box boxes cup cups mug pot pots vase tray hook hooks clip clips stand stands
case cases phone iphone android laptop mouse keyboard cover covers lamp light bottle glass plate bowl fork spoon knife cat dog bird fish house
tree star heart game toy toys ball car boat plane train robot figure model statue head face hand foot arm leg body ring chain wheel gearbox
save same game came name fame lame tame vane cane lane mane pane sane wane here there where what when which while whole thing things
make made take come some home hope rope love live life line mine fine nine wine time tile mile file pile bill fill hill kill mill pill will
back pack rack sack tack lock rock sock dock deck neck pick kick sick tick wick lick
mm cm in inch inches ml litre liter millimetres millimeters centimetres degrees percent infill quality fine draft standard ultra pla petg abs asa tpu nylon
copies times piece pieces set pair dozen half quarter mount mounts mounted holder holders spare fits fitted lip teeth tooth module bore shaft`.split(/\s+/),
)

/** "gaer" → "gear": short words are only corrected for two swapped letters, where a different real word is unlikely. */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  const diff = [...a].map((c, i) => (c === b[i] ? -1 : i)).filter((i) => i >= 0)
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!]
}

/** Units and counted things, corrected wherever they follow a number ("60 degress", "3 compartmens"). */
export const AFTER_NUMBER = new Set(
  `degrees inches millimetres millimeters centimetres centimeters litres liters compartments sections
teeth knuckles slots holes cells batteries cards bits cables flutes copies pieces screws spacers`.split(/\s+/),
)

/** Corrects the word right after each number toward units and counted things, even when the object was recognised. */
export const correctAfterNumbers = (text: string, notes: string[]): string => correctTypos(text, AFTER_NUMBER, notes, /(?<=\d ?)[a-z]{4,}\b/g)

/** Replaces each unknown word within 1 edit (2 for words of 7+ letters) of exactly one vocabulary word. */
export function correctTypos(text: string, vocabulary: ReadonlySet<string>, notes: string[], words = /\b[a-z]{4,}\b/g): string {
  return text.replace(words, (word) => {
    if (vocabulary.has(word) || COMMON.has(word) || word.startsWith('std_')) return word
    const max = word.length >= 7 ? 2 : 1
    const swapOnly = word.length === 4
    let best: string | null = null
    let bestDistance = max + 1
    let tie = false
    for (const v of vocabulary) {
      if (v.length < 4) continue
      if (swapOnly && !isSwap(word, v)) continue
      const dist = editDistance(word, v, max)
      if (dist < bestDistance) {
        best = v
        bestDistance = dist
        tie = false
      } else if (dist === bestDistance && v !== best) tie = true
    }
    if (!best || tie || bestDistance > max) return word
    notes.push(`read "${word}" as "${best}"`)
    return best
  })
}
