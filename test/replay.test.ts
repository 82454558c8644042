import { expect, test } from 'vitest'
import { loadRecordedHistories, replayAll } from './replay.js'
import { workflowBundle } from './temporal-harness.js'

test('behavior: every recorded history replays deterministically against the current workflows', async () => {
  const histories = loadRecordedHistories()
  expect(histories.length).toBeGreaterThan(0)
  const results = await replayAll(await workflowBundle(), histories)
  const failures = results.filter((r) => r.error).map((r) => `${r.file}: ${String(r.error)}`)
  expect(failures).toEqual([])
  expect(results.length).toBe(histories.length)
})

test('error: a history whose commands differ from the code fails replay (the check can fail)', async () => {
  // The first history that schedules an activity (an approval request schedules none).
  const original = loadRecordedHistories().find((h) =>
    JSON.stringify(h.history).includes('activityTaskScheduledEventAttributes'),
  )
  expect(original).toBeDefined()
  const tampered = JSON.parse(JSON.stringify(original)) as typeof original & {
    history: { events: Array<Record<string, { activityType?: { name: string } }>> }
  }
  const scheduled = tampered.history.events.find((e) => e.activityTaskScheduledEventAttributes)
  expect(scheduled).toBeDefined()
  const attributes = scheduled?.activityTaskScheduledEventAttributes
  if (attributes?.activityType) attributes.activityType.name = 'someOtherActivity'
  const [result] = await replayAll(await workflowBundle(), [tampered as NonNullable<typeof original>])
  expect(String(result?.error)).toMatch(/[Nn]ondeterminism|TMPRL1100/)
})
