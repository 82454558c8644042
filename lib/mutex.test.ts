import { expect, test } from 'vitest'
import { KeyedMutex, Mutex } from './mutex.js'

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

test('behavior: runs critical sections one at a time in call order', async () => {
  const mutex = new Mutex()
  const events: string[] = []
  await Promise.all(
    [1, 2, 3].map((n) =>
      mutex.runExclusive(async () => {
        events.push(`start ${n}`)
        await tick()
        events.push(`end ${n}`)
      }),
    ),
  )
  expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3'])
})

test('behavior: a throwing section releases the lock', async () => {
  const mutex = new Mutex()
  await expect(mutex.runExclusive(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
  await expect(mutex.runExclusive(async () => 42)).resolves.toBe(42)
})

test('behavior: different keys do not block each other', async () => {
  const mutex = new KeyedMutex()
  const events: string[] = []
  let releaseA!: () => void
  const a = mutex.runExclusive('a', async () => {
    events.push('a start')
    await new Promise<void>((resolve) => {
      releaseA = resolve
    })
    events.push('a end')
  })
  await mutex.runExclusive('b', async () => {
    events.push('b')
  })
  releaseA()
  await a
  expect(events).toEqual(['a start', 'b', 'a end'])
})
