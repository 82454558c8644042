import { z } from 'zod'
import { policySchema } from './policy-schema.js'

/**
 * The JSON Schema (draft 2020-12) of policy YAML files, generated from the zod schema (input side:
 * what a file may contain). Editors use it through `# yaml-language-server: $schema=policy.schema.json`.
 */
export function policyJsonSchemaText(): string {
  const schema = z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' })
  return `${JSON.stringify(
    {
      ...schema,
      $id: 'https://sll-orchestrator/policies/policy.schema.json',
      title: 'sll-orchestrator policy (version 1)',
    },
    null,
    2,
  )}\n`
}
