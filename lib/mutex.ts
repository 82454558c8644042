/**
 * A minimal in-process async mutex: callers queue in FIFO order and run one at a time.
 * It protects process-local critical sections only (e.g. nonce assignment for one signer);
 * it does nothing across processes.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve()

  /** Runs `fn` once every earlier caller has finished; releases even when `fn` throws. */
  async runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    let release!: () => void
    const previous = this.tail
    this.tail = new Promise<void>((resolve) => {
      release = resolve
    })
    await previous
    try {
      return await fn()
    } finally {
      release()
    }
  }
}

/** A family of {@link Mutex}es addressed by a string key (created on first use, kept for the process). */
export class KeyedMutex {
  private readonly mutexes = new Map<string, Mutex>()

  /** Runs `fn` exclusively with respect to other callers using the same `key`. */
  runExclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let mutex = this.mutexes.get(key)
    if (!mutex) {
      mutex = new Mutex()
      this.mutexes.set(key, mutex)
    }
    return mutex.runExclusive(fn)
  }
}
