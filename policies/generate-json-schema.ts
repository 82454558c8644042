import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { policyJsonSchemaText } from './policy-json-schema.js'

/** `npm run schema`: regenerates policies/policy.schema.json from the zod policy schema. */
const target = fileURLToPath(new URL('./policy.schema.json', import.meta.url))
writeFileSync(target, policyJsonSchemaText())
console.log(`wrote ${target}`)
