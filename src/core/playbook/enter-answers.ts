/**
 * What Enter alone answers to a classification question at `cic open` (src/cli/commands/open.ts):
 * "No" to a yes/no question, the first listed choice of a choice question. A plan in which that
 * answer, with nothing else known, already puts an incident in a tier would let one tired
 * keystroke classify it; `cic playbook validate` warns about it
 * (docs/playbook-authoring.md#classification-and-tiers). Pure.
 */
import { evaluate } from './conditions.js';
import type { Fact, FactValue, Playbook } from './model.js';

/** The answer Enter gives, or undefined for a question asked as text (Enter leaves it unknown). */
export function enterAnswer(fact: Fact): FactValue | undefined {
  if (fact.type === 'boolean') return false;
  if (fact.type === 'choice') return fact.choices?.[0];
  return undefined;
}

export interface EnterWarning {
  /** JSON pointer to what to change: the first choice, or the question's prompt. */
  path: string;
  message: string;
}

export function enterAnswerWarnings(pb: Playbook): EnterWarning[] {
  const out: EnterWarning[] = [];
  for (const id of pb.classification.questions) {
    const index = pb.facts.findIndex((f) => f.id === id);
    const fact = pb.facts[index];
    if (fact === undefined) continue;
    const answer = enterAnswer(fact);
    if (answer === undefined) continue;
    const facts = { [id]: answer };
    const tier = pb.classification.tiers.find((t) => t.when !== undefined && evaluate(t.when, { facts }));
    if (tier === undefined) continue;
    out.push(
      fact.type === 'boolean'
        ? {
            path: `/facts/${index}/prompt`,
            message: `Enter alone answers "no" to "${id}" at cic open, and "no" alone puts the incident in ${tier.id}: word the question so that "yes" is the serious answer`,
          }
        : {
            path: `/facts/${index}/choices/0`,
            message: `Enter alone answers "${String(answer)}" (the first choice) to "${id}" at cic open, and that alone puts the incident in ${tier.id}: list the least severe choice first`,
          },
    );
  }
  return out;
}
