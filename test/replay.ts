import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Client } from '@temporalio/client'
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js'
import { Worker } from '@temporalio/worker'

/** Where recorded workflow histories live; each is replayed against the current code in CI. */
export const historiesDir = join(import.meta.dirname, 'histories')

/** A recorded history file: which workflow it is and its events in Temporal's JSON form. */
export type RecordedHistory = { workflowId: string; workflowType: string; history: unknown }

/**
 * Records a finished workflow's history as `test/histories/<name>.json` (proto JSON; never
 * `JSON.stringify(fetchHistory())`, whose timestamps do not round-trip).
 */
export async function recordHistory(client: Client, workflowId: string, name: string): Promise<string> {
  const handle = client.workflow.getHandle(workflowId)
  const [history, description] = await Promise.all([handle.fetchHistory(), handle.describe()])
  const file = join(historiesDir, `${name}.json`)
  const recorded = { workflowId, workflowType: description.type, history: JSON.parse(historyToJSON(history)) }
  writeFileSync(file, `${JSON.stringify(recorded, null, 1)}\n`)
  return file
}

/** Loads every recorded history. */
export function loadRecordedHistories(): Array<RecordedHistory & { file: string }> {
  return readdirSync(historiesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      file: f,
      ...(JSON.parse(readFileSync(join(historiesDir, f), 'utf8')) as RecordedHistory),
    }))
}

/**
 * Replays recorded histories against the current workflow bundle; resolves to one entry per history
 * with the error (a determinism violation) if replay failed.
 */
export async function replayAll(
  workflowBundle: { code: string },
  histories: Array<RecordedHistory & { file: string }>,
): Promise<Array<{ file: string; error: unknown }>> {
  const inputs = histories.map((h) => ({ workflowId: h.workflowId, history: historyFromJSON(h.history) }))
  const results: Array<{ file: string; error: unknown }> = []
  let index = 0
  for await (const result of Worker.runReplayHistories({ workflowBundle }, inputs)) {
    results.push({ file: histories[index]?.file ?? result.workflowId, error: result.error })
    index++
  }
  return results
}
