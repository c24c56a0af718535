/**
 * The converter keyword table: every converter a sample expression may chain
 * after its fetch (`fetch,conv1(args),conv2`), looked up by keyword.
 * HAProxy reference: src/sample.c (sample_conv_kws), find_sample_conv()
 */
import type { ConvDef } from '../sample.js'
import { arithConverters } from './arith.js'
import { stringConverters } from './string.js'
import { mapConverters } from './map.js'

export const converters: readonly ConvDef[] = [...stringConverters, ...arithConverters, ...mapConverters]

const byKeyword = new Map(converters.map(c => [c.kw, c]))

export function findConverter (kw: string): ConvDef | undefined {
  return byKeyword.get(kw)
}
