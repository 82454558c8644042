import { expect, test } from 'vitest'
import { executorLzReceiveOptions } from '../layerzero/options.js'
import { controllerLzReceiveOptions, controllerSendParam } from './layerzero.js'

test('default: controller options are addExecutorLzReceiveOption(200_000, 0)', () => {
  expect(executorLzReceiveOptions(200_000n)).toBe(controllerLzReceiveOptions)
})

test('behavior: an address recipient is padded to bytes32', () => {
  const param = controllerSendParam({
    recipient: '0x1601843c5E9bC251A3272907010AFa41Fa18347E',
    amount: 5n,
    dstEid: 30184,
  })
  expect(param.to.toLowerCase()).toBe('0x0000000000000000000000001601843c5e9bc251a3272907010afa41fa18347e')
  expect(controllerSendParam({ recipient: param.to, amount: 5n, dstEid: 30184 }).to).toBe(param.to)
})
