// Known values computed by HAProxy's src/hash.c and full_hash() compiled with gcc.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fullHash, genHash, hashCrc32, hashDjb2, hashNone, hashSdbm, hashWt6 } from '../src/index.js'

const b = (s: string): Buffer => Buffer.from(s, 'latin1')

const KNOWN: ReadonlyArray<[string, number, number, number, number]> = [
  // input, sdbm, djb2, wt6, crc32
  ['', 0, 5381, 4187620192, 0],
  ['a', 97, 177670, 1900802597, 3904355907],
  ['abc', 807794786, 193485963, 2483038440, 891568578],
  ['/index.html', 858007926, 3776231887, 822151038, 3928116034],
  ['The quick brown fox jumps over the lazy dog', 2359783795, 885799134, 3840389189, 1095738169],
  ['\xff\xfe\x80\x01', 3588059072, 2095918371, 2371534031, 211759082],
  ['123456789', 1755344949, 902675330, 2225171485, 3421780262],
  ['example.com', 1835615613, 3653638078, 877363715, 3069857465],
]

test('sdbm, djb2, wt6 and crc32 match the C implementation', () => {
  for (const [input, sdbm, djb2, wt6, crc32] of KNOWN) {
    assert.equal(hashSdbm(b(input)), sdbm, `sdbm(${JSON.stringify(input)})`)
    assert.equal(hashDjb2(b(input)), djb2, `djb2(${JSON.stringify(input)})`)
    assert.equal(hashWt6(b(input)), wt6, `wt6(${JSON.stringify(input)})`)
    assert.equal(hashCrc32(b(input)), crc32, `crc32(${JSON.stringify(input)})`)
  }
})

test('full_hash (avalanche) matches the C implementation', () => {
  assert.equal(fullHash(0), 2874071335)
  assert.equal(fullHash(1), 881230262)
  assert.equal(fullHash(4096), 1237450891)
  assert.equal(fullHash(4097), 2761370759)
  assert.equal(fullHash(0xffffffff), 2120532354)
  assert.equal(fullHash(123456789), 2578161185)
})

test('genHash applies the function then the avalanche modifier', () => {
  assert.equal(genHash({ method: 'map-based', fn: 'sdbm', avalanche: false }, b('abc')), 807794786)
  assert.equal(genHash({ method: 'map-based', fn: 'sdbm', avalanche: true }, b('abc')), 659243622)
  assert.equal(genHash({ method: 'consistent', fn: 'sdbm', avalanche: true }, b('/index.html')), 4217574924)
})

test('none reads the key as a decimal integer truncated to 32 bits', () => {
  assert.equal(hashNone(b('12345')), 12345)
  assert.equal(hashNone(b('4294967297')), 1)
  assert.equal(hashNone(b('-1')), 0xffffffff)
  assert.equal(hashNone(b('42abc')), 42)
  assert.equal(hashNone(b('abc')), 0)
})
