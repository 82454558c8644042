// Bundle entry of the worker: every workflow type the task queue serves.
export { allocationCycle } from './allocation-cycle.js'
export { approvalRequest } from './approval-request.js'
export { sllControl } from './control.js'
export { executeMove } from './execute-move.js'
export { nonceOwner } from './nonce-owner.js'
