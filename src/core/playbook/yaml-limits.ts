/**
 * The bounds of yaml-safe.ts's pre-scan, shared with yaml-fast.ts (which must stay within them
 * without loading the yaml library).
 */

/** Deeper than this is not a playbook (the bundled one nests about 8 levels). */
export const MAX_DEPTH = 64;

/**
 * Lines, keys, values, brackets, commas and indicators in one file (the bundled Clayton playbook
 * has about 3,500). Each costs the parser a few hundred bytes and, when it is an error, an Error
 * object: without a bound, a megabyte of `a,` or of `,` took a minute and more than 512 MB.
 */
export const MAX_TOKENS = 100_000;
