/**
 * Unit tests of the converter keyword table (src/conv): one or more cases per
 * converter, with expected values from HAProxy's documentation examples, from
 * independent implementations (node:zlib, btoa/atob, JSON.stringify,
 * String.prototype.replace, BigInt) or, for the hashes, from HAProxy's own C
 * (src/hash.c and full_hash() compiled with gcc on x86-64).
 * HAProxy reference: src/sample.c, src/hash.c, doc/configuration.txt section 7.3.1
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as zlib from 'node:zlib'
import type { StreamView } from '@switchyard/types'
import { converters, findConverter } from '../src/conv/index.js'
import type { ArgValue, Value } from '../src/sample.js'

/** Converters do not look at the stream; an empty one is enough here. */
const S = {} as StreamView

function conv (kw: string, v: Value, ...args: ArgValue[]): Value | undefined {
  const def = findConverter(kw)
  assert.ok(def !== undefined, `converter '${kw}' exists`)
  return def.conv(v, args, S, undefined)
}

const MAX = Number.MAX_SAFE_INTEGER
const MIN = Number.MIN_SAFE_INTEGER

test('table: keywords are unique, typed, and found by findConverter', () => {
  const kws = converters.map(c => c.kw)
  assert.equal(new Set(kws).size, kws.length, 'duplicate converter keyword')
  const ins = new Set<string>(['str', 'int', 'bool', 'ip', 'any'])
  const outs = new Set<string>(['str', 'int', 'bool', 'ip', 'same'])
  for (const c of converters) {
    assert.ok(ins.has(c.in), `${c.kw}: in`)
    assert.ok(outs.has(c.out), `${c.kw}: out`)
    assert.equal(typeof c.conv, 'function')
    assert.equal(findConverter(c.kw), c)
    for (const a of c.args ?? []) assert.ok(a.kind === 'str' || a.kind === 'int', `${c.kw}: ${a.name}`)
  }
  assert.equal(findConverter('no-such-converter'), undefined)
  const expected = [
    'lower', 'upper', 'length', 'bytes', 'field', 'word', 'regsub', 'ltrim', 'rtrim', 'concat', 'json',
    'hex', 'base64', 'b64dec', 'url_dec', 'crc32', 'djb2', 'sdbm', 'wt6',
    'add', 'sub', 'mul', 'div', 'mod', 'neg', 'and', 'or', 'xor', 'not', 'bool', 'odd', 'even', 'cpl', 'ipmask',
  ]
  // The map family has its own tests (map.test.ts).
  assert.deepEqual(kws.filter(k => !k.startsWith('map')).sort(), [...expected].sort())
})

test('table: input and output types', () => {
  const sig = (kw: string): string => { const c = findConverter(kw); return c === undefined ? '?' : `${c.in}->${c.out}` }
  assert.equal(sig('lower'), 'str->str')
  assert.equal(sig('length'), 'str->int')
  assert.equal(sig('crc32'), 'str->int')
  assert.equal(sig('hex'), 'str->str')
  assert.equal(sig('add'), 'int->int')
  assert.equal(sig('not'), 'int->bool')
  assert.equal(sig('odd'), 'int->bool')
  assert.equal(sig('ipmask'), 'ip->ip')
})

test('lower and upper change ASCII letters only', () => {
  assert.equal(conv('lower', 'HeLLo World-42'), 'hello world-42')
  assert.equal(conv('upper', 'HeLLo World-42'), 'HELLO WORLD-42')
  assert.equal(conv('lower', '\xc9T\xc9'), '\xc9t\xc9') // latin1 É is not ASCII
  assert.equal(conv('upper', '\xe9t\xe9'), '\xe9T\xe9')
})

test('length', () => {
  assert.equal(conv('length', 'hello'), 5)
  assert.equal(conv('length', ''), 0)
})

test('bytes(offset[,length])', () => {
  assert.equal(conv('bytes', '0123456789', 2), '23456789')
  assert.equal(conv('bytes', '0123456789', 2, 3), '234')
  assert.equal(conv('bytes', '0123456789', 8, 5), '89')
  assert.equal(conv('bytes', '0123456789', 2, 0), '')
  assert.equal(conv('bytes', '0123456789', 10), '')
  assert.equal(conv('bytes', '0123456789', 0), '0123456789')
  // HAProxy 2.6 compares signed args with the unsigned length
  assert.equal(conv('bytes', '0123456789', -1), '')
  assert.equal(conv('bytes', '0123456789', 2, -1), '23456789')
})

test('field: doc/configuration.txt examples', () => {
  assert.equal(conv('field', 'f1_f2_f3__f5', 2, '_', 2), 'f2_f3')
  assert.equal(conv('field', 'f1_f2_f3__f5', 2, '_', 0), 'f2_f3__f5')
  assert.equal(conv('field', 'f1_f2_f3__f5', -2, '_', 3), 'f2_f3_')
  assert.equal(conv('field', 'f1_f2_f3__f5', -3, '_', 0), 'f1_f2_f3')
})

test('field: empty fields count, missing ones lose the sample', () => {
  assert.equal(conv('field', 'f1_f2_f3__f5', 4, '_'), '')
  assert.equal(conv('field', 'f1_f2_f3__f5', 5, '_'), 'f5')
  assert.equal(conv('field', 'f1_f2_f3__f5', 6, '_'), undefined)
  assert.equal(conv('field', 'f1_f2_f3__f5', -1, '_'), 'f5')
  assert.equal(conv('field', 'f1_f2_f3__f5', -2, '_'), '')
  assert.equal(conv('field', 'f1_f2_f3__f5', -5, '_'), 'f1')
  assert.equal(conv('field', 'f1_f2_f3__f5', -6, '_'), undefined)
  assert.equal(conv('field', 'www.example.com:8080', 1, ':'), 'www.example.com')
  assert.equal(conv('field', 'www.example.com', 1, ':'), 'www.example.com')
  assert.equal(conv('field', 'a,b;c', 3, ',;'), 'c')
  assert.equal(conv('field', '/a/b', 1, '/'), '')
  assert.equal(conv('field', '', 1, '/'), '')
  assert.equal(conv('field', 'a/b', 0, '/'), undefined)
})

test('word: doc/configuration.txt examples', () => {
  assert.equal(conv('word', 'w1_w2_w3___w4', 3, '_', 2), 'w3___w4')
  assert.equal(conv('word', 'w1_w2_w3___w4', 2, '_', 0), 'w2_w3___w4')
  assert.equal(conv('word', 'w1_w2_w3___w4', -2, '_', 3), 'w1_w2_w3')
  assert.equal(conv('word', 'w1_w2_w3___w4', -3, '_', 0), 'w1_w2')
})

test('word: empty words are skipped, missing ones lose the sample', () => {
  assert.equal(conv('word', '//a//b/', 1, '/'), 'a')
  assert.equal(conv('word', '//a//b/', 2, '/'), 'b')
  assert.equal(conv('word', '//a//b/', 3, '/'), undefined)
  assert.equal(conv('word', '//a//b/', -1, '/'), 'b')
  assert.equal(conv('word', '//a//b/', -2, '/'), 'a')
  assert.equal(conv('word', '//a//b/', -3, '/'), undefined)
  assert.equal(conv('word', 'w1_w2_w3___w4', 4, '_'), 'w4')
  assert.equal(conv('word', 'one two\tthree', 3, ' \t'), 'three')
  assert.equal(conv('word', '/', 1, '/'), undefined)
  assert.equal(conv('word', 'a b', 0, ' '), undefined)
})

test('regsub: first match, or all with g', () => {
  // doc: de-duplicate "/" in x-path: /////a///b/c/xzxyz/ -> /a/b/c/xzxyz/
  assert.equal(conv('regsub', '/////a///b/c/xzxyz/', '/+', '/', 'g'), '/a/b/c/xzxyz/')
  assert.equal(conv('regsub', 'a.b.c', '\\.', '-'), 'a-b.c')
  assert.equal(conv('regsub', 'a.b.c', '\\.', '-', 'g'), 'a.b.c'.replace(/\./g, '-'))
  assert.equal(conv('regsub', 'nothing here', 'x', 'y', 'g'), 'nothing here')
  assert.equal(conv('regsub', 'www.example.com', '^www\\.', undefined), 'example.com')
})

test('regsub: flags, anchors and empty matches', () => {
  assert.equal(conv('regsub', 'ABCabc', 'b', '_', 'gi'), 'A_Ca_c')
  assert.equal(conv('regsub', 'ABCabc', 'b', '_', 'g'), 'ABCa_c')
  assert.equal(conv('regsub', 'aaa', '^a', 'X', 'g'), 'Xaa') // '^' only at the start (REG_NOTBOL)
  assert.equal(conv('regsub', 'abc', 'x*', '-', 'g'), 'abc'.replace(/x*/g, '-'))
  assert.equal(conv('regsub', 'abc', 'x*', '-'), '-abc')
  assert.equal(conv('regsub', '', 'x*', '-', 'g'), '-')
  assert.equal(conv('regsub', 'abc', '(', 'x'), undefined) // invalid regex
  assert.equal(conv('regsub', 'abc', 'b', 'x', 'gz'), undefined) // invalid flag
})

test('regsub: back-references and escapes in <subst>', () => {
  assert.equal(conv('regsub', 'user@host', '(\\w+)@(\\w+)', '\\2 at \\1'), 'host at user')
  assert.equal(conv('regsub', 'abc', 'b', '[\\0]'), 'a[b]c')
  assert.equal(conv('regsub', 'abc', '(x)?b', '<\\1>'), 'a<>c') // unmatched group: nothing
  assert.equal(conv('regsub', 'abc', 'b', '\\x41\\x7a'), 'aAzc')
  assert.equal(conv('regsub', 'abc', 'b', '\\\\\\,'), 'a\\,c')
  assert.equal(conv('regsub', 'abc', 'b', 'x\\'), undefined) // trailing backslash
})

test('ltrim and rtrim', () => {
  assert.equal(conv('ltrim', '  \t hello \t', ' \t'), 'hello \t')
  assert.equal(conv('rtrim', '  \t hello \t', ' \t'), '  \t hello')
  assert.equal(conv('ltrim', 'xxx', 'x'), '')
  assert.equal(conv('rtrim', 'xxx', 'x'), '')
  assert.equal(conv('ltrim', 'abc', 'x'), 'abc')
})

test('concat: literal start and end', () => {
  assert.equal(conv('concat', 'v', '<', undefined, '>'), '<v>')
  assert.equal(conv('concat', 'v', 'pre-'), 'pre-v')
  assert.equal(conv('concat', 'v', undefined, undefined, '-post'), 'v-post')
  assert.equal(conv('concat', 'v'), 'v')
  assert.equal(conv('concat', 'v', '<', 'txn.x', '>'), undefined) // variables: not yet
})

test('json: escapes as HAProxy in ascii mode', () => {
  assert.equal(conv('json', 'a"b\\c/d'), 'a\\"b\\\\c\\/d')
  assert.equal(conv('json', '\b\f\n\r\t'), '\\b\\f\\n\\r\\t')
  assert.equal(conv('json', '\x01\x1f\x7f\xe9'), '\\u0001\\u001f\\u007f\\u00e9')
  // without '/' and bytes >= 0x7f, HAProxy's escaping is JSON.stringify's
  const s = 'say "hi"\\\n\x00\x02\x1b end'
  assert.equal(conv('json', s), JSON.stringify(s).slice(1, -1))
  assert.equal(conv('json', 'ok', 'ascii'), 'ok')
  assert.equal(conv('json', 'ok', 'utf8'), 'ok')
  assert.equal(conv('json', 'ok', 'utf8ps'), 'ok')
  assert.equal(conv('json', 'ok', 'latin1'), undefined)
})

test('hex', () => {
  assert.equal(conv('hex', 'hello'), '68656C6C6F')
  assert.equal(conv('hex', '\xff\x00\x10'), 'FF0010')
  assert.equal(conv('hex', ''), '')
})

test('base64', () => {
  assert.equal(conv('base64', 'hello'), 'aGVsbG8=')
  assert.equal(conv('base64', ''), '')
  const bin = '\xff\xfe\x00\x01\x80'
  assert.equal(conv('base64', bin), btoa(bin))
})

test('b64dec: strict decoding, invalid input loses the sample', () => {
  assert.equal(conv('b64dec', 'aGVsbG8='), 'hello')
  assert.equal(conv('b64dec', 'aGVsbA=='), 'hell')
  assert.equal(conv('b64dec', 'aGVs'), 'hel')
  assert.equal(conv('b64dec', ''), '')
  const bin = '\xff\xfe\x00\x01\x80'
  assert.equal(conv('b64dec', btoa(bin)), atob(btoa(bin)))
  assert.equal(conv('b64dec', 'aGVsbG8'), undefined) // length not a multiple of 4
  assert.equal(conv('b64dec', 'aGVs*G8='), undefined) // not in the alphabet
  assert.equal(conv('b64dec', 'aG=s'), undefined) // padding then data
  assert.equal(conv('b64dec', '===='), undefined)
  assert.equal(conv('b64dec', 'aGVsbG8-'), undefined) // base64url is ub64dec's
  assert.equal(conv('b64dec', 'QQ==QQ=='), 'AA') // quartets are independent in HAProxy
})

test('url_dec', () => {
  assert.equal(conv('url_dec', 'a%20b+c'), 'a b+c')
  assert.equal(conv('url_dec', 'a%20b+c', 1), 'a b c')
  assert.equal(conv('url_dec', 'a%20b+c', 0), 'a b+c')
  assert.equal(conv('url_dec', '/a+b?q=c+d'), '/a+b?q=c d') // '+' is a space after '?'
  assert.equal(conv('url_dec', '%41%2f%2F'), 'A//')
  assert.equal(Buffer.from(conv('url_dec', '%C3%A9') as string, 'latin1').toString('utf8'), '\u00e9')
  assert.equal(conv('url_dec', '100%'), undefined)
  assert.equal(conv('url_dec', '%4'), undefined)
  assert.equal(conv('url_dec', '%zz'), undefined)
})

test('crc32: node:zlib agrees', () => {
  assert.equal(conv('crc32', 'hello'), 907060870)
  assert.equal(conv('crc32', 'The quick brown fox jumps over the lazy dog'), 0x414fa339)
  assert.equal(conv('crc32', ''), 0)
  const crc = (zlib as { crc32?: (d: Buffer) => number }).crc32
  if (typeof crc === 'function') {
    for (const s of ['a', 'hello', '\xff\x80\x01 z', 'x'.repeat(1000)]) {
      assert.equal(conv('crc32', s), crc(Buffer.from(s, 'latin1')), s)
    }
  }
})

// Expected values below come from HAProxy's src/hash.c and full_hash(),
// compiled with gcc and run on x86-64 for the same inputs.
const FOX = 'The quick brown fox jumps over the lazy dog'
const BIN = '\xff\x80\x01 z'

test('djb2', () => {
  assert.equal(conv('djb2', ''), 5381)
  assert.equal(conv('djb2', 'a'), 177670) // 5381 * 33 + 97
  assert.equal(conv('djb2', 'hello'), 261238937)
  assert.equal(conv('djb2', FOX), 885799134)
  assert.equal(conv('djb2', BIN), 441164287)
  assert.equal(conv('djb2', 'hello', 1), 1119739105)
  assert.equal(conv('djb2', 'hello', 0), 261238937)
})

test('sdbm', () => {
  assert.equal(conv('sdbm', ''), 0)
  assert.equal(conv('sdbm', 'a'), 97)
  assert.equal(conv('sdbm', 'hello'), 684824882)
  assert.equal(conv('sdbm', FOX), 2359783795)
  assert.equal(conv('sdbm', BIN), 3967359322)
  assert.equal(conv('sdbm', 'hello', 1), 2061535398)
})

test('wt6', () => {
  assert.equal(conv('wt6', ''), 4187620192) // 0xa53c965a ^ 0x5ca6953a
  assert.equal(conv('wt6', 'a'), 1900802597)
  assert.equal(conv('wt6', 'hello'), 3538347703)
  assert.equal(conv('wt6', FOX), 3840389189)
  assert.equal(conv('wt6', BIN), 464460276)
  assert.equal(conv('wt6', 'hello', 1), 140457739)
})

test('crc32 with avalanche', () => {
  assert.equal(conv('crc32', 'hello', 1), 3902247103)
  assert.equal(conv('crc32', FOX, 1), 1090730130)
  assert.equal(conv('crc32', '', 1), 2874071335)
})

test('add, sub, mul saturate instead of wrapping', () => {
  assert.equal(conv('add', 40, 2), 42)
  assert.equal(conv('add', 40, -50), -10)
  assert.equal(conv('add', MAX, 1), MAX)
  assert.equal(conv('add', MIN, -1), MIN)
  assert.equal(conv('sub', 40, 2), 38)
  assert.equal(conv('sub', MIN, 1), MIN)
  assert.equal(conv('sub', 0, MIN), MAX)
  assert.equal(conv('mul', 6, 7), 42)
  assert.equal(conv('mul', -6, 7), -42)
  assert.equal(conv('mul', MAX, 2), MAX)
  assert.equal(conv('mul', MAX, -2), MIN)
  assert.equal(conv('mul', 2 ** 26, 2 ** 26), 2 ** 52)
  assert.ok(Object.is(conv('mul', -5, 0), 0), 'no negative zero')
})

test('div and mod truncate toward zero, as C', () => {
  assert.equal(conv('div', 7, 2), 3)
  assert.equal(conv('div', -7, 2), -3)
  assert.equal(conv('div', 7, -2), -3)
  assert.equal(conv('div', 7, 0), MAX) // HAProxy: LLONG_MAX
  assert.equal(conv('div', MAX, 3), Number(BigInt(MAX) / 3n))
  assert.equal(conv('div', MAX - 1, 7), Number(BigInt(MAX - 1) / 7n))
  assert.ok(Object.is(conv('div', -1, 5), 0), 'no negative zero')
  assert.equal(conv('mod', 7, 3), 1)
  assert.equal(conv('mod', -7, 3), -1)
  assert.equal(conv('mod', 7, -3), 1)
  assert.equal(conv('mod', 7, 0), 0)
  assert.ok(Object.is(conv('mod', -6, 3), 0), 'no negative zero')
})

test('neg', () => {
  assert.equal(conv('neg', 5), -5)
  assert.equal(conv('neg', -5), 5)
  assert.ok(Object.is(conv('neg', 0), 0), 'no negative zero')
  assert.equal(conv('neg', MIN), MAX)
})

test('and, or, xor, cpl work on 64-bit two\'s complement', () => {
  assert.equal(conv('and', 12, 10), 8)
  assert.equal(conv('or', 12, 10), 14)
  assert.equal(conv('xor', 12, 10), 6)
  assert.equal(conv('and', -1, 255), 255)
  assert.equal(conv('and', 2 ** 40 + 5, -1), 2 ** 40 + 5)
  assert.equal(conv('or', 2 ** 40, 1), 2 ** 40 + 1)
  assert.equal(conv('xor', 5, -1), -6)
  const big = 2 ** 45 + 12345
  assert.equal(conv('and', big, 0xffff0000), Number(BigInt(big) & 0xffff0000n))
  assert.equal(conv('cpl', 0), -1)
  assert.equal(conv('cpl', 5), -6)
  assert.equal(conv('cpl', -1), 0)
  assert.equal(conv('cpl', 2 ** 40), Number(BigInt.asIntN(64, ~(2n ** 40n))))
})

test('not, bool, odd, even return booleans', () => {
  assert.equal(conv('not', 0), true)
  assert.equal(conv('not', 3), false)
  assert.equal(conv('not', -3), false)
  assert.equal(conv('bool', 0), false)
  assert.equal(conv('bool', -3), true)
  assert.equal(conv('odd', 3), true)
  assert.equal(conv('odd', -3), true)
  assert.equal(conv('odd', 4), false)
  assert.equal(conv('odd', 0), false)
  assert.equal(conv('even', 4), true)
  assert.equal(conv('even', -4), true)
  assert.equal(conv('even', 0), true)
  assert.equal(conv('even', 7), false)
})

test('ipmask: IPv4 with bits or a dotted mask', () => {
  assert.equal(conv('ipmask', '192.168.1.77', '24'), '192.168.1.0')
  assert.equal(conv('ipmask', '192.168.1.77', '16'), '192.168.0.0')
  assert.equal(conv('ipmask', '192.168.1.77', '255.255.0.0'), '192.168.0.0')
  assert.equal(conv('ipmask', '192.168.1.77', '255.0.255.0'), '192.0.1.0')
  assert.equal(conv('ipmask', '192.168.1.77', '32'), '192.168.1.77')
  assert.equal(conv('ipmask', '192.168.1.77', '0'), '0.0.0.0')
  assert.equal(conv('ipmask', '10.11.12.13', '12'), '10.0.0.0')
  assert.equal(conv('ipmask', '::ffff:10.11.12.13', '8'), '10.0.0.0') // IPv4-mapped becomes IPv4
  assert.equal(conv('ipmask', '192.168.1.77', '33'), undefined)
  assert.equal(conv('ipmask', '192.168.1.77', 'abc'), undefined)
  assert.equal(conv('ipmask', '192.168.1.77', '255.255.0'), undefined)
  assert.equal(conv('ipmask', 'not-an-ip', '24'), undefined)
})

test('ipmask: IPv6 needs mask6', () => {
  assert.equal(conv('ipmask', '2001:db8:abcd:12::1', '24'), undefined)
  assert.equal(conv('ipmask', '2001:db8:abcd:12::1', '24', 64), '2001:db8:abcd:12::')
  assert.equal(conv('ipmask', '2001:db8:abcd:12::1', '24', 48), '2001:db8:abcd::')
  assert.equal(conv('ipmask', '2001:db8:abcd:12:ffff:1:2:3', '24', 68), '2001:db8:abcd:12:f000::')
  assert.equal(conv('ipmask', '2001:db8:0:0:1:0:0:1', '24', 128), '2001:db8::1:0:0:1')
  assert.equal(conv('ipmask', '2001:db8::1', '24', 0), '::')
  assert.equal(conv('ipmask', '2001:db8::1', '24', 129), undefined)
})
