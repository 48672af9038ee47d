/**
 * The careful way of checking a playbook's text (after its characters are checked): the yaml
 * library with every guard of core/playbook/yaml-safe.ts, the JSON Schema with messages, the
 * template files, the semantic checks, each finding placed at its file:line:col. load.ts loads
 * this module only for a text the quick way (quickCheck) does not accept, so that a playbook
 * without problems is checked without loading the yaml library at all.
 */
import { filePairRange } from '../../core/playbook/inline-templates.js';
import type { Finding } from '../../core/playbook/locate.js';
import type { Playbook } from '../../core/playbook/model.js';
import { semanticFindings } from '../../core/playbook/semantic.js';
import type { PairRange } from '../../core/playbook/yaml-fast.js';
import { parseSafeYaml } from '../../core/playbook/yaml-safe.js';
import { schemaFindings } from './schema-check.js';
import type { TemplateReader } from './load.js';

export type CarefulResult =
  | { findings: Finding[] }
  | {
      playbook: Playbook;
      files: Map<number, { text: string; file: string }>;
      pairs: (index: number) => PairRange | undefined;
    };

export function carefulCheck(text: string, readFile: TemplateReader | undefined): CarefulResult {
  const parsed = parseSafeYaml(text);
  if (parsed.problems.length > 0 || !parsed.doc) return { findings: parsed.problems };
  const schema = schemaFindings(parsed.data, parsed.locator);
  if (schema.length > 0) return { findings: schema };

  const pb = parsed.data as Playbook;
  const findings: Finding[] = [];
  const files = new Map<number, { text: string; file: string }>();
  (pb.templates ?? []).forEach((t, i) => {
    if (t.file === undefined || t.text !== undefined) return;
    const at = parsed.locator.value(`/templates/${i}/file`);
    if (!readFile) {
      findings.push({
        ...at,
        message: `template file "${t.file}" cannot be read here: only a playbook on disk may refer to files`,
      });
      return;
    }
    const read = readFile(t.file);
    if ('error' in read) findings.push({ ...at, message: read.error });
    else if ('problems' in read) findings.push(...read.problems);
    else files.set(i, read);
  });
  findings.push(...semanticFindings(pb, parsed.locator, files));
  if (findings.length > 0) return { findings };
  const doc = parsed.doc;
  return { playbook: pb, files, pairs: (i) => filePairRange(doc, i) };
}
