/** Everything bundled in playbooks/ validates, and the bundled plan is a real one. */
import { describe, expect, test } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validatePlaybookFile } from '../../../src/io/playbook/load.js';
import { packageRoot } from '../../../src/io/schemas/package-root.js';

const dir = join(packageRoot(), 'playbooks');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

describe('bundled playbooks', () => {
  test('there is the Clayton playbook and at least one other', () => {
    expect(files).toContain('clayton-mo.yaml');
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  test.each(files)('%s validates', async (file) => {
    const { problems, loaded } = await validatePlaybookFile(join(dir, file));
    expect(problems.map((p) => `${file}:${p.line}:${p.col}: ${p.message}`)).toEqual([]);
    expect(loaded!.playbook.classification.tiers.length).toBeGreaterThan(0);
  });
});
