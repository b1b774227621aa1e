/**
 * The template the playground opens with when no `?from=` names one: small, valid, and
 * showing each kind of node and a condition.
 */
export const PLAYGROUND_EXAMPLE = `id: expense
version: 1
name: Expense claim
input:
  type: object
  required: [amount, manager]
  properties:
    amount: { type: number }
    manager: { type: string }
nodes:
  - { id: start, type: start }
  - { id: manager, type: approval, approvers: { path: input.manager } }
  - { id: finance, type: approval, approvers: { groups: [[fay, fred], [cfo]] }, mode: all }
  - { id: pay, type: task, plugin: erp.pay, mode: callback, timeout: PT1H }
  - { id: end, type: end }
edges:
  - { from: start, to: manager }
  - { from: manager, to: finance, when: { input.amount: { $gt: 1000 } } }
  - { from: manager, to: pay, default: true }
  - { from: finance, to: pay }
  - { from: pay, to: end }
`;
