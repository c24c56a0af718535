/**
 * Every sample fetch, by keyword.
 * HAProxy reference: src/sample.c sample_fetch_keywords
 */
import type { FetchDef } from '../sample.js'
import { l4Fetches } from './l4.js'
import { httpFetches } from './http.js'
import { stateFetches } from './state.js'
import { authFetches } from './auth.js'
import { payloadFetches } from './payload.js'

export const fetches: readonly FetchDef[] = [...l4Fetches, ...httpFetches, ...stateFetches, ...authFetches, ...payloadFetches]

const byName = new Map(fetches.map(f => [f.kw, f]))

export function findFetch (kw: string): FetchDef | undefined {
  return byName.get(kw)
}
