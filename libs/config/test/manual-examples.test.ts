import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFixtures, parseFixture } from './manual-fixtures.js'

const valid = readFixtures('valid')
const invalid = readFixtures('invalid')

test('the manual provides at least 40 valid and 20 invalid fixtures', () => {
  assert.ok(valid.length >= 40, `only ${valid.length} valid fixtures`)
  assert.ok(invalid.length >= 20, `only ${invalid.length} invalid fixtures`)
})

for (const f of valid) {
  test(`valid/${f.name} loads without alert`, () => {
    assert.match(f.text, /^# HAProxy configuration\.txt \S/, `${f.name}: first line must name the manual section`)
    const { alerts } = parseFixture(f)
    assert.deepEqual(alerts, [], `${f.name}: got ${alerts.join('\n')}`)
  })
}

for (const f of invalid) {
  test(`invalid/${f.name} reports its expected alert`, () => {
    const expected = [...f.text.matchAll(/^# expect: (.*)$/gm)].map(m => m[1] as string)
    assert.ok(expected.length > 0 && f.text.startsWith('# expect: '), `${f.name}: first line must be '# expect: <diagnostic>'`)
    const { alerts } = parseFixture(f)
    for (const e of expected) assert.ok(alerts.includes(e), `${f.name}: expected\n  ${e}\ngot\n  ${alerts.join('\n  ')}`)
  })
}
