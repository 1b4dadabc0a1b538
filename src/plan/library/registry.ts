// The object library: every family, one file each in ../families/. Adding a family is one file plus one line here.

import { SHAPE_WORDS } from '../intent/vocabulary.js'
import { cableClip } from '../families/cable-clip.js'
import { cup } from '../families/cup.js'
import { nameTag } from '../families/name-tag.js'
import { openBox } from '../families/open-box.js'
import { spacer } from '../families/spacer.js'
import { spurGear } from '../families/spur-gear.js'
import { boxWithLid } from '../families/box-with-lid.js'
import { tray } from '../families/tray.js'
import { pencilCup } from '../families/pencil-cup.js'
import { plantPot } from '../families/plant-pot.js'
import { vase } from '../families/vase.js'
import { doorstop } from '../families/doorstop.js'
import { drawerKnob } from '../families/drawer-knob.js'
import { keychain } from '../families/keychain.js'
import { sign } from '../families/sign.js'
import { batteryHolder } from '../families/battery-holder.js'
import { cardHolder } from '../families/card-holder.js'
import { bitHolder } from '../families/bit-holder.js'
import { nut } from '../families/nut.js'
import { bolt } from '../families/bolt.js'
import { lBracket } from '../families/l-bracket.js'
import { cornerBracket } from '../families/corner-bracket.js'
import { shelfBracket } from '../families/shelf-bracket.js'
import { wallHook } from '../families/wall-hook.js'
import { phoneStand } from '../families/phone-stand.js'
import { tabletStand } from '../families/tablet-stand.js'
import { bagClip } from '../families/bag-clip.js'
import { cableOrganiser } from '../families/cable-organiser.js'
import { knob } from '../families/knob.js'
import { gt2Pulley } from '../families/gt2-pulley.js'
import { boardCase } from '../families/board-case.js'
import { hinge } from '../families/hinge.js'
import { withLettering } from './lettering.js'
import type { Family } from './types.js'

export const families: readonly Family[] = (
  [
    openBox,
    boxWithLid,
    tray,
    cup,
    pencilCup,
    plantPot,
    vase,
    spacer,
    nut,
    bolt,
    lBracket,
    cornerBracket,
    shelfBracket,
    hinge,
    spurGear,
    gt2Pulley,
    knob,
    wallHook,
    cableClip,
    cableOrganiser,
    phoneStand,
    tabletStand,
    doorstop,
    bagClip,
    drawerKnob,
    nameTag,
    keychain,
    sign,
    batteryHolder,
    cardHolder,
    bitHolder,
    boardCase,
  ] as Family[]
).map(withLettering)

/** Families that take words on one of their faces ("…that says SCREWS"), besides the labels. */
export const lettered: readonly Family[] = families.filter((f) => f.lettering)

export function getFamily(id: string): Family | undefined {
  return families.find((f) => f.id === id)
}

/** Words typo correction aims at: every family keyword and the primitive shape nouns. */
export const VOCABULARY: ReadonlySet<string> = new Set([
  ...families.flatMap((f) => f.keywords),
  ...SHAPE_WORDS.flatMap((w) => w.pattern.source.match(/[a-z]{4,}/g) ?? []),
])

/** The family named in the text: the longest name match wins, then the earlier family. */
export function findFamily(text: string): { family: Family; index: number; length: number } | null {
  let best: { family: Family; index: number; length: number } | null = null
  for (const family of families) {
    if (!family.keywords.some((k) => text.includes(k.slice(0, 4))) && !text.includes('std_')) continue
    for (const m of text.matchAll(new RegExp(family.names.source, 'g'))) {
      if (!best || m[0].length > best.length) best = { family, index: m.index, length: m[0].length }
    }
  }
  return best
}
