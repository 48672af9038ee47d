import { InputError } from '../../src/core/errors.js';

/** The InputError `f` throws; fails the test if it throws nothing or something else. */
export function caught(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}
