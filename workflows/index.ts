// Bundle entry of the worker: every workflow type the task queue serves.
export { allocationCycle } from './allocation-cycle.js'
export { executeMove } from './execute-move.js'
