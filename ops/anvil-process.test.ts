import { existsSync } from 'node:fs'
import { expect, test } from 'vitest'
import { anvilBinary, anvilPlatformPackage, freePorts } from './anvil-process.js'

test('default: the binary comes from the platform package of @foundry-rs/anvil', () => {
  const binary = anvilBinary({})
  expect(existsSync(binary)).toBe(true)
  expect(binary).toContain(anvilPlatformPackage()?.name)
})

test('behavior: ANVIL_BIN overrides the package binary', () => {
  expect(anvilBinary({ ANVIL_BIN: '/opt/foundry/bin/anvil' })).toBe('/opt/foundry/bin/anvil')
})

test('behavior: platform packages follow the layout of @foundry-rs/anvil', () => {
  expect(anvilPlatformPackage('linux', 'x64')).toEqual({
    name: '@foundry-rs/anvil-linux-amd64',
    binary: 'bin/anvil',
  })
  expect(anvilPlatformPackage('linux', 'arm64')?.name).toBe('@foundry-rs/anvil-linux-arm64')
  expect(anvilPlatformPackage('darwin', 'arm64')?.name).toBe('@foundry-rs/anvil-darwin-arm64')
  expect(anvilPlatformPackage('win32', 'x64')).toEqual({
    name: '@foundry-rs/anvil-win32-amd64',
    binary: 'bin/anvil.exe',
  })
  expect(anvilPlatformPackage('win32', 'arm64')).toBeUndefined()
  expect(anvilPlatformPackage('freebsd', 'x64')).toBeUndefined()
  expect(anvilPlatformPackage('linux', 'ia32')).toBeUndefined()
})

test('behavior: freePorts gives distinct ports', async () => {
  const ports = await freePorts(4)
  expect(new Set(ports).size).toBe(4)
})
