import { createServer } from 'node:net'

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/** A TCP port on 127.0.0.1 that nothing listens on right now (chosen by the OS: usually >= 32768). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/**
 * `count` distinct free ports below 32768: Temporal stores membership ports in a PostgreSQL `smallint`
 * (ports the OS hands out, 32768 and up, fail with "out of range for type smallint"). Drawn at random in
 * 27000..32767, clear of the devnet port bases (8545, 21545..25545).
 */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>()
  for (let tries = 0; ports.size < count && tries < 1000; tries++) {
    const port = 27_000 + Math.floor(Math.random() * 5_768)
    if (!ports.has(port) && (await canListen(port))) ports.add(port)
  }
  if (ports.size < count) throw new Error(`found only ${ports.size} free ports in 27000..32767`)
  return [...ports]
}
