// The English words the intent parser knows: shapes, materials, qualities, dimension cues and unit factors.

import type { MaterialId, QualityId } from '../catalogue.js'
import type { ObjectName } from './schema.js'

/** Shape nouns (singular|plural), longest phrases first so "calibration cube" beats "cube". */
export const SHAPE_WORDS: Array<{ pattern: RegExp; object: ObjectName }> = [
  { pattern: /\b(?:calibration|test|xyz)[ -]cubes?\b/g, object: 'calibration_cube' },
  { pattern: /\bhex(?:agonal|agon)?[ -](?:prisms?|bars?|blocks?|cylinders?)\b|\bhexagonal\b|\bhexagons?\b/g, object: 'hex_prism' },
  { pattern: /\bcubes?\b|\bcubic\b/g, object: 'cube' },
  { pattern: /\bbox(?:es)?\b|\bcuboids?\b|\bblocks?\b|\bbricks?\b/g, object: 'box' },
  { pattern: /\bplates?\b|\bslabs?\b|\bsheets?\b|\btiles?\b/g, object: 'plate' },
  { pattern: /\bcylinders?\b|\bcylindrical\b/g, object: 'cylinder' },
  { pattern: /\brods?\b|\bdowels?\b|\bpegs?\b/g, object: 'rod' },
  { pattern: /\bdis[ck]s?\b|\bcoins?\b|\bcoasters?\b/g, object: 'disc' },
  { pattern: /\bspheres?\b|\bballs?\b|\bspherical\b/g, object: 'sphere' },
  { pattern: /\bcones?\b|\bconical\b/g, object: 'cone' },
  { pattern: /\bpyramids?\b/g, object: 'pyramid' },
  { pattern: /\btor(?:us|i|uses)\b|\bdonuts?\b|\bdoughnuts?\b/g, object: 'torus' },
  { pattern: /\brings?\b/g, object: 'ring' },
  { pattern: /\btubes?\b|\btubing\b/g, object: 'tube' },
  { pattern: /\bpipes?\b/g, object: 'pipe' },
  { pattern: /\bwashers?\b/g, object: 'washer' },
  { pattern: /\bspacers?\b|\bstandoffs?\b|\bbushings?\b/g, object: 'spacer' },
]

export const PLURAL_SHAPE_WORD =
  /^(?:cubes|boxes|cuboids|blocks|bricks|plates|slabs|tiles|cylinders|rods|dowels|pegs|discs|disks|coins|spheres|balls|cones|pyramids|tori|toruses|donuts|doughnuts|rings|tubes|pipes|washers|spacers|standoffs|bushings|prisms|hexagons|coasters|copies|pieces|pcs|parts|items|units|times)\b/

/** Objects people ask for that are not parametric primitives; naming one is refused, never approximated. */
export const UNSUPPORTED_OBJECTS =
  /\b(gears?|cogs?|sprockets?|brackets?|phone[ -]?cases?|vases?|figurines?|figures?|statues?|miniatures?|busts?|cats?|dogs?|dragons?|benchy|boats?|cars?|bottles?|cups?|mugs?|bowls?|hooks?|clips?|hinges?|screws?|bolts?|nuts?|threads?|threaded|knobs?|handles?|holders?|stands?|mounts?|enclosures?|lids?|containers?|toys?|logos?|letters?|keychains?|key ?rings?|springs?|chains?|whistles?|skulls?|houses?|trees?|stars?|hearts?|arrows?|gyroids?|lattices?|propellers?|wheels?|pulleys?|shelf|shelves|organi[sz]ers?|planters?|pots?|trays?|frames?|signs?|images?|pictures?|photos?)\b/

export const MATERIAL_WORDS: Array<{ pattern: RegExp; id: MaterialId }> = [
  { pattern: /\bpla\+?\b/g, id: 'PLA' },
  { pattern: /\bpet-?g\b/g, id: 'PETG' },
  { pattern: /\babs\b/g, id: 'ABS' },
  { pattern: /\basa\b/g, id: 'ASA' },
  { pattern: /\btpu\b/g, id: 'TPU' },
  // A bare "pa" is not nylon ("PA system"): the seed's substring bug in another form.
  { pattern: /\bnylon\b|\bpolyamide\b|\bpa-?(?:6|12|cf)\b/g, id: 'NYLON' },
]

export const QUALITY_WORDS: Array<{ pattern: RegExp; id: QualityId }> = [
  { pattern: /\bultra(?:[ -]?fine| quality| detail(?:ed)?)?\b|\bhighest (?:quality|detail)\b|\bmaximum (?:quality|detail)\b/g, id: 'ultra' },
  { pattern: /\bdraft\b|\brough\b|\bquick(?:ly)?\b|\bfast(?:est)?\b|\blow[ -](?:quality|detail|res(?:olution)?)\b|\bprototype\b/g, id: 'draft' },
  { pattern: /\bfine\b|\bhigh[ -](?:quality|detail|res(?:olution)?)\b|\bdetailed\b|\bsmooth\b/g, id: 'fine' },
  { pattern: /\bstandard(?: quality)?\b|\bnormal quality\b|\bmedium quality\b/g, id: 'standard' },
]

/** Millimetres per unit. Units nobody prints in still parse, so "2 km" is refused as absurd instead of read as 2 mm. */
export const UNIT_FACTORS: Record<string, number> = {
  mm: 1,
  millimeter: 1,
  millimetre: 1,
  millimeters: 1,
  millimetres: 1,
  cm: 10,
  centimeter: 10,
  centimetre: 10,
  centimeters: 10,
  centimetres: 10,
  m: 1000,
  meter: 1000,
  metre: 1000,
  meters: 1000,
  metres: 1000,
  in: 25.4,
  inch: 25.4,
  inches: 25.4,
  '"': 25.4,
  ft: 304.8,
  foot: 304.8,
  feet: 304.8,
  km: 1_000_000,
  kilometer: 1_000_000,
  kilometre: 1_000_000,
  kilometers: 1_000_000,
  kilometres: 1_000_000,
  mile: 1_609_344,
  miles: 1_609_344,
  yard: 914.4,
  yards: 914.4,
  um: 0.001,
  µm: 0.001,
  micron: 0.001,
  microns: 0.001,
  nm: 0.000001,
}
/** Regex alternation of the units, longest first. */
export const UNIT_PATTERN = Object.keys(UNIT_FACTORS)
  .sort((a, b) => b.length - a.length)
  .map((u) => u.replace('"', '"'))
  .join('|')

export const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
  dozen: 12,
}

export type Role =
  'side' | 'width' | 'depth' | 'height' | 'length' | 'diameter' | 'radius' | 'inner' | 'innerRadius' | 'outer' | 'thickness' | 'wall' | 'acrossFlats' | 'layer'

/** Cue words next to a number and the role they give it; the first matching cue wins. */
export const ROLE_CUES: Array<{ pattern: RegExp; role: Role }> = [
  { pattern: /^layers?(?: height| thickness)?$|^layer heights?$/, role: 'layer' },
  { pattern: /^(?:walls?|wall thickness|thick walls?|shell|shell thickness)$/, role: 'wall' },
  { pattern: /^(?:inner|inside|internal) radius$/, role: 'innerRadius' },
  {
    pattern: /^(?:inner|inside|internal)(?: diameter| dia| width)?$|^holes?(?: diameter)?$|^bore$|^id$|^(?:bolts?|screws?|shafts?|axles?|pins?)$/,
    role: 'inner',
  },
  { pattern: /^(?:outer|outside|external)(?: diameter| dia| width)?$|^od$/, role: 'outer' },
  { pattern: /^across flats$/, role: 'acrossFlats' },
  { pattern: /^(?:diameter|diam|dia|across(?: corners)?|round|wide round)$/, role: 'diameter' },
  { pattern: /^radius$/, role: 'radius' },
  { pattern: /^(?:thickness|thick)$/, role: 'thickness' },
  { pattern: /^(?:height|high|tall|h)$/, role: 'height' },
  { pattern: /^(?:length|long|l)$/, role: 'length' },
  { pattern: /^(?:width|wide|w)$/, role: 'width' },
  { pattern: /^(?:depth|deep|d)$/, role: 'depth' },
  { pattern: /^(?:sides?|edges?|size|sized|dimensions?|each way|square|on each side|per side|all around)$/, role: 'side' },
]

export const SINGULAR_SHAPE_WORD =
  /(?:cube|box|block|cuboid|brick|plate|slab|tile|cylinder|rod|dowel|peg|disc|disk|coin|coaster|sphere|ball|cone|pyramid|torus|donut|ring|tube|pipe|washer|spacer|standoff|prism|hexagon)\b/

/** Materials people ask for that no FDM profile here prints; named after "in", "of" or "from", they are refused. */
export const UNSUPPORTED_MATERIALS =
  /\b(?:in|of|from|out of|using)\s+(?:\w+\s+)?(wood(?:en)?|metal|steel|alumin(?:i)?um|brass|bronze|copper|iron|resin|carbon[ -]?fib(?:er|re)|glass|ceramic|clay|gold|silver|concrete|rubber|paper)\b/
