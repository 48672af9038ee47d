// Precompile the JSON Schemas into standalone validators (DESIGN §6: compiling at run time costs
// ~110 ms a process). Emitted as .cjs: ajv's standalone output with ajv-formats needs require().
// Filled in by the playbook-validation work; until then, nothing to compile.
import { existsSync } from 'node:fs';
if (!existsSync(new URL('../schemas/playbook.schema.json', import.meta.url))) process.exit(0);
