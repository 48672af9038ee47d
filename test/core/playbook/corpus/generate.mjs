// Writes the malformed-playbook corpus: one file per case in this folder, and expected.json
// with each case's exit code and every expected problem (file, line:col, message fragment).
//
// Where a problem must be reported is marked in each case with ‸ (removed from the file); the
// positions in expected.json are computed from those marks, not from the validator's output.
// Most cases are one edit of ../fixtures/minimal.yaml, a valid playbook.
//
// Run: node test/core/playbook/corpus/generate.mjs   (then review the diff; commit both).
// With a folder argument it writes there instead (the corpus test checks the committed files
// are exactly what this script writes).
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = process.argv[2] ? `${process.argv[2].replace(/\/$/, '')}/` : fileURLToPath(new URL('./', import.meta.url));
const base = readFileSync(new URL('../fixtures/minimal.yaml', import.meta.url), 'utf8');
const updateTemplate = readFileSync(new URL('../fixtures/templates/update.md', import.meta.url), 'utf8');
const MARK = '‸';
const BAD_BYTE = '\uE000'; // stands for a byte that is not UTF-8; marks its own position

/** Apply edits [from, to] to the base playbook; each `from` must occur exactly once. */
function edit(...edits) {
  let text = base;
  for (const [from, to] of edits) {
    const at = text.indexOf(from);
    if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`edit "${from}" must match exactly once`);
    text = text.slice(0, at) + to + text.slice(at + from.length);
  }
  return text;
}

const deep = 12000;
const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  .concat('bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`))
  .join('\n');

// name → { about, text, expect, files?, utf16?, marksFor?, exit? }: `expect` lists one entry per problem,
// in order of the marks (or at the marks `marksFor` names); an entry is a message fragment, or
// several fragments of one message.
const cases = {
  // ── Bytes and characters ───────────────────────────────────────────────────────────────
  'text-nul-byte': { about: 'a NUL byte', text: edit(['title: Test City', `title: Test${MARK}\0City`]), expect: ['NUL byte (U+0000) is not allowed'] },
  'text-invalid-utf8': { about: 'a byte that is not UTF-8 (Latin-1 é)', text: edit(['jurisdiction: City of Test', `jurisdiction: City of T${MARK}${BAD_BYTE}st`]), expect: ['invalid UTF-8 (byte 0xe9'] },
  'text-utf16': { about: 'a UTF-16 file', text: `${MARK}cic: 1\n`, utf16: true, expect: ['the file is UTF-16; save it as UTF-8'] },
  'text-control-char': { about: 'a BEL control character', text: edit(['prompt: The officer', `prompt: The${MARK}\u0007 officer`]), expect: ['control character (U+0007)'] },
  'text-bidi-override': { about: 'a right-to-left override (Trojan Source)', text: edit(['title: Holding statement', `title: Holding ${MARK}\u202estatement`]), expect: ['bidirectional control character (U+202E)'] },
  'text-lone-cr': { about: 'old Mac line endings', text: edit(['cic: 1\n', `cic: 1${MARK}\r`]), expect: ['carriage return without a line feed'] },
  'text-bom-middle': { about: 'a byte order mark after the start', text: edit(['id: test-city', `id: ${MARK}\ufefftest-city`]), expect: ['byte order mark (U+FEFF) is allowed only at the start'] },
  'text-bom-leading-ok': {
    about: 'a leading BOM is accepted: the one problem is at column 6 of line 2, as an editor counts it',
    text: `\ufeff${edit(['cic: 1', `cic: ${MARK}2`])}`,
    expect: ['cic must be 1'],
  },
  'text-crlf-ok': {
    about: 'CRLF line endings are accepted and positions are right',
    text: edit(['owner: manager\n    required: false', `owner: ${MARK}clerk\n    required: false`]).replace(/\n/g, '\r\n'),
    expect: ['unknown role "clerk" in "owner"'],
  },
  'text-empty': { about: 'an empty file', text: `${MARK}`, expect: ['the file has no content'] },
  'text-comments-only': { about: 'only comments', text: `${MARK}# a playbook will go here\n`, expect: ['the file has no content'] },

  // ── YAML syntax: each error class the yaml library reports ──────────────────────────────
  'yaml-duplicate-key': { about: 'DUPLICATE_KEY', text: edit(['    title: City Manager\n', `    title: City Manager\n    ${MARK}title: Manager\n`]), expect: ['duplicate key "title"'] },
  'yaml-tab-indent': { about: 'TAB_AS_INDENT', text: edit(['  - id: mayor\n    title: Mayor', `  - id: mayor\n${MARK}\ttitle: Mayor`]), expect: ['a tab is used for indentation'] },
  'yaml-unclosed-double-quote': { about: 'MISSING_CHAR (double quote)', text: `cic: 1\ntitle: "Test City\n${MARK}`, expect: ['missing closing "quote'] },
  'yaml-unclosed-single-quote': { about: 'MISSING_CHAR (single quote)', text: `cic: 1\nid: 'test\n${MARK}`, expect: ["missing closing 'quote"] },
  'yaml-unclosed-flow-sequence': { about: 'BAD_INDENT (unclosed [)', text: edit(['notify: [manager]', 'notify: [manager'], ['    due: { after: declared, within: PT15M }', `    ${MARK}due: { after: declared, within: PT15M }`]), expect: ['flow sequence in block collection must be sufficiently indented and end with a ]'] },
  'yaml-unclosed-flow-map': { about: 'BAD_INDENT (unclosed {)', text: edit(['    statement: { first: true }', '    statement: { first: true'], ['    required_facts: [injury]', `    ${MARK}required_facts: [injury]`]), expect: ['flow map in block collection must be sufficiently indented and end with a }'] },
  'yaml-missing-comma': { about: 'MISSING_CHAR (flow items)', text: edit(['channels: [press-release, website]', `channels: ["press-release" ${MARK}"website"]`]), expect: ['missing , or : between flow sequence items'] },
  'yaml-compact-nested-map': { about: 'BLOCK_AS_IMPLICIT_KEY (a: b: c)', text: edit(['kind: task', `kind: ${MARK}task: now`]), expect: ['nested mappings are not allowed in compact mappings'] },
  'yaml-multiline-key': { about: 'MULTILINE_IMPLICIT_KEY', text: edit(['guidance: Answer', `${MARK}guidance\n      more: Answer`]), expect: ['implicit keys need to be on a single line'] },
  'yaml-bad-escape': { about: 'BAD_DQ_ESCAPE', text: edit(['pattern: "criminal history"', `pattern: "criminal ${MARK}\\qhistory"`]), expect: ['invalid escape sequence \\\\q'] },
  'yaml-reserved-indicator': { about: 'BAD_SCALAR_START (`)', text: edit(['title: Answer records requests', `title: ${MARK}\`Answer\` records requests`]), expect: ['plain value cannot start with reserved character `'] },
  'yaml-two-anchors': { about: 'MULTIPLE_ANCHORS', text: edit(['notify: [manager]', `notify: &a ${MARK}&b [manager]`]), expect: ['a node can have at most one anchor'] },
  'yaml-alias-with-anchor': { about: 'ALIAS_PROPS', text: edit(['notify: [manager]', 'notify: &a [manager]'], ['approvers: [manager]', `approvers: &b ${MARK}*a`]), expect: ['an alias node must not specify any properties'] },
  'yaml-alias-ambiguous-colon': { about: 'BAD_ALIAS (alias ending in :)', text: edit(['notify: [manager]', 'notify: &a [manager]'], ['approvers: [manager]', `approvers: *a${MARK}:`]), expect: ['alias ending in : is ambiguous'] },
  'yaml-key-too-long': { about: 'KEY_OVER_1024_CHARS', text: edit(['cic: 1\n', `cic: 1\n${MARK}${'k'.repeat(1100)}: 1\n`]), expect: ['must be at most 1024 chars'] },
  'yaml-unexpected-token': { about: 'UNEXPECTED_TOKEN', text: `${edit()}${MARK}]\n`, expect: ['unexpected flow-seq-end token'] },
  'yaml-comment-needs-space': { about: 'MISSING_CHAR (comment)', text: edit(['version: "1.0"', `version: "1.0"${MARK}# first`]), expect: ['comments must be separated from other tokens by white space'] },
  'yaml-block-header': { about: 'a bad block scalar header', text: edit(['    text: |\n', `    text: |${MARK}x\n`]), expect: ['block scalar header includes extra characters'] },
  'yaml-complex-key': { about: 'NON_STRING_KEY (a list as a key)', text: edit(['cic: 1\n', `cic: 1\n? ${MARK}[a, b]\n: c\n`]), expect: ['a key must be plain text'] },
  'yaml-multiple-documents': { about: 'MULTIPLE_DOCS (---)', text: `${edit()}${MARK}---\ncic: 1\n`, expect: ['a playbook is one YAML document'] },
  'yaml-document-end-then-more': { about: 'a second document after ...', text: `${edit()}...\n${MARK}id: more\n`, expect: ['a playbook is one YAML document'] },

  // ── Directives, tags, merge keys, aliases ────────────────────────────────────────────────
  'directive-yaml-1-1': { about: '%YAML 1.1 would switch on 1.1 scalars and merge keys', text: `${MARK}%YAML 1.1\n---\n${edit()}`, expect: ['directives such as "%YAML 1.1" are not allowed'] },
  'directive-yaml-1-2': { about: 'even %YAML 1.2', text: `${MARK}%YAML 1.2\n---\n${edit()}`, expect: ['directives such as "%YAML 1.2" are not allowed'] },
  'directive-tag': { about: '%TAG', text: `${MARK}%TAG !c! tag:cic.example,2026:\n---\n${edit()}`, expect: ['directives such as "%TAG'] },
  'directive-unknown': { about: 'a reserved directive', text: `${MARK}%FOO bar\n---\n${edit()}`, expect: ['directives such as "%FOO bar"'] },
  'tag-js-function': { about: '!!js/function', text: edit(['guidance: Answer within three business days.', `guidance: ${MARK}!!js/function "function () { return 1 }"`]), expect: ['tags such as "!!js/function" are not allowed'] },
  'tag-binary': { about: '!!binary', text: edit(['prompt: Media inquiries so far', `prompt: ${MARK}!!binary TWVkaWE=`]), expect: ['tags such as "!!binary"'] },
  'tag-set': { about: '!!set', text: edit(['channels: [press-release, website]', `channels: ${MARK}!!set { press-release, website }`]), expect: ['tags such as "!!set"'] },
  'tag-custom': { about: 'a custom !foo tag', text: edit(['kind: records', `kind: ${MARK}!foo records`]), expect: ['tags such as "!foo"'] },
  'tag-str': { about: 'even !!str (quote instead)', text: edit(['version: "1.0"', `version: ${MARK}!!str 1.0`]), expect: ['tags such as "!!str"'] },
  'merge-key': {
    about: 'a << merge key',
    text: edit(['  - id: notify-kin\n    title: Next of kin notified\n    kind: task\n    owner: chief\n', `  - id: notify-kin\n    ${MARK}<<: { kind: task, owner: chief }\n    title: Next of kin notified\n`]),
    expect: ['merge keys (<<) are not supported'],
  },
  'alias-bomb': { about: 'billion laughs', text: `${bomb.split('\n').slice(0, 3).join('\n')}\n${bomb.split('\n')[3].replace('[*c', `[${MARK}*c`)}\n${bomb.split('\n').slice(4).join('\n')}\n`, expect: ['more than 100 alias references'] },
  'alias-undefined': { about: 'an alias to no anchor', text: edit(['approvers: [manager]', `approvers: ${MARK}*approvers`]), expect: ['alias *approvers refers to no anchor'] },
  'alias-inside-own-anchor': { about: 'a recursive alias', text: edit(['approvers: [manager]', `approvers: &x [manager, ${MARK}*x]`]), expect: ['alias *x is inside its own anchor'] },
  'alias-reuse-ok-but-bad-value': {
    about: 'aliases are allowed; an error inside the anchored value is reported where it is written',
    text: edit(['notify: [manager]', `notify: &leaders [manager, ${MARK}mayr]`], ['approvers: [manager]', 'approvers: *leaders']),
    expect: ['unknown role "mayr" in "notify"', 'unknown role "mayr" in "approvers"'],
    marksFor: [0, 0],
  },

  // ── Nesting (must not abort the process) ─────────────────────────────────────────────────
  'deep-flow-12000': { about: `${deep} nested flow sequences`, text: `cic: 1\nid: ${'['.repeat(62)}${MARK}${'['.repeat(deep - 62)}${']'.repeat(deep)}\n`, expect: ['nested more than 64 levels deep'] },
  'deep-block-sequence-12000': { about: `${deep} nested compact block sequences`, text: `cic: 1\nroles:\n  ${'- '.repeat(63)}${MARK}${'- '.repeat(deep - 63)}x\n`, expect: ['nested more than 64 levels deep'] },
  'deep-tab-then-flow': {
    about: 'a tab-indentation error, then 12,000 levels of flow (aborted a process: docs/development.md#toolchain-notes)',
    text: `cic: 1\nid: x\nroles:\n\t- id: a\nfacts: ${'['.repeat(62)}${MARK}${'['.repeat(deep - 62)}\n`,
    expect: ['nested more than 64 levels deep'],
  },
  'flow-mismatch-seq-brace': { about: '"[}" repeated: a } never closes a [ (the parser nested each pair deeper, without limit)', text: `cic: 1\nid: [${MARK}}${'[}'.repeat(5000)}\n`, expect: ['"}" does not close the flow sequence opened with "[" at line 2, column 5'] },
  'flow-mismatch-map-bracket': { about: '"{]" repeated', text: `cic: 1\nid: {${MARK}]${'{]'.repeat(5000)}\n`, expect: ['"]" does not close the flow mapping opened with "{" at line 2, column 5'] },
  'flow-mismatch-tab-first': { about: 'a tab-indented line, then "[}" repeated', text: `cic: 1\n\tid: [${MARK}}${'[}'.repeat(5000)}\n`, expect: ['"}" does not close the flow sequence'] },
  'deep-indentation': {
    about: '70 levels of indented mappings',
    text: `cic: 1\n${Array.from({ length: 70 }, (_, i) => `${' '.repeat(i)}k${i}${i === 63 ? MARK : ''}:`).join('\n')} 1\n`,
    expect: ['nested more than 64 levels deep'],
  },
  'deep-flow-maps': { about: 'unclosed nested flow maps', text: `cic: 1\nid: ${'{a: '.repeat(62)}${MARK}${'{a: '.repeat(2000)}\n`, expect: ['nested more than 64 levels deep'] },

  // ── Prototype pollution ──────────────────────────────────────────────────────────────────
  'proto-key-top': { about: '__proto__ at the top', text: edit(['cic: 1\n', `cic: 1\n${MARK}__proto__: { polluted: yes }\n`]), expect: ['the key "__proto__" is not allowed'] },
  'proto-key-nested': { about: '__proto__ inside a role', text: edit(['    title: Mayor\n', `    title: Mayor\n    ${MARK}__proto__:\n      polluted: yes\n`]), expect: ['the key "__proto__" is not allowed'] },
  'proto-constructor-prototype': {
    about: 'constructor and prototype keys are plain data, refused as unknown keys',
    text: edit(['    title: Mayor\n', `    title: Mayor\n    ${MARK}constructor: { prototype: { polluted: yes } }\n`], ['cic: 1\n', `cic: 1\n${MARK}prototype: { polluted: yes }\n`]),
    expect: ['unknown key "prototype" at the top level', 'role "mayor": unknown key "constructor" in a role'],
  },

  // ── Schema ───────────────────────────────────────────────────────────────────────────────
  'schema-not-a-mapping': { about: 'a list at the top', text: `${MARK}- cic: 1\n`, expect: ['the playbook must be a mapping'] },
  'schema-missing-required': { about: 'an action without an owner', text: edit(['  - id: notify-kin\n    title: Next of kin notified\n    kind: task\n    owner: chief\n', `  - ${MARK}id: notify-kin\n    title: Next of kin notified\n    kind: task\n`]), expect: ['action "notify-kin": missing required key "owner"'] },
  'schema-missing-nested-required': { about: 'a deadline without after', text: edit(['due: { after: occurred, within: PT4H }', `${MARK}due: { within: PT4H }`]), expect: ['missing required key "after" (or "before", "earliest_of", "latest_of")'] },
  'schema-missing-many': { about: 'not a playbook at all', text: `${MARK}name: my plan\n`, expect: ['missing required keys "cic", "id"', 'unknown key "name" at the top level'], marksFor: [0, 0] },
  'schema-wrong-type-list': { about: 'a string where a list goes', text: edit(['notify: [manager]', `notify: ${MARK}manager`]), expect: ['"notify" must be a list, not "manager"'] },
  'schema-wrong-type-unquoted-version': { about: 'version 1.0 is a number in YAML', text: edit(['version: "1.0"', `version: ${MARK}1.0`]), expect: ['"version" must be text, not 1 (quote it: "1.0")'] },
  'schema-wrong-type-boolean': { about: 'yes is text in YAML 1.2', text: edit(['required: false', `required: ${MARK}no`]), expect: ['"required" must be true or false, not "no"'] },
  'schema-empty-value': { about: 'a key with no value', text: edit(['    owner: chief\n    tiers: [tier-1]\n    due: { after: occurred', `    ${MARK}owner:\n    tiers: [tier-1]\n    due: { after: occurred`]), expect: ['"owner" is empty'] },
  'schema-bad-enum': { about: 'a misspelt kind', text: edit(['kind: notification', `kind: ${MARK}notifcation`]), expect: [['"kind" must be one of', 'did you mean "notification"']] },
  'schema-bad-weekday': { about: 'a misspelt weekday', text: edit(['working_days: [mon, tue, wed, thu, fri]', `working_days: [mon, tue, ${MARK}wen, thu, fri]`]), expect: ['did you mean "wed"'] },
  'schema-additional-property': { about: 'a misspelt key', text: edit(['    approvers: [manager]', `    ${MARK}aprovers: [manager]`]), expect: ['unknown key "aprovers" in an action; did you mean "approvers"?'] },
  'schema-additional-top-level': { about: 'an unknown top-level key ($schema is not part of the format)', text: edit(['cic: 1\n', `cic: 1\n${MARK}$schema: ./playbook.schema.json\n`]), expect: ['unknown key "$schema" at the top level'] },
  'schema-bad-id-pattern': { about: 'an id with capitals and a space', text: edit(['- id: notify-kin', `- id: ${MARK}Notify Kin`]), expect: ['"Notify Kin" is not a valid id'] },
  'schema-bad-duration': { about: 'words instead of ISO 8601', text: edit(['within: PT15M', `within: ${MARK}15 minutes`]), expect: ['"15 minutes" is not an ISO 8601 duration'] },
  'schema-bad-duration-empty-time': { about: 'PT with nothing after it', text: edit(['every: PT4H', `every: ${MARK}PT`]), expect: ['"PT" is not an ISO 8601 duration'] },
  'schema-bad-date': { about: 'February 30th', text: edit(['date: 2026-07-03', `date: ${MARK}2026-02-30`]), expect: ['"2026-02-30" is not a calendar date'] },
  'schema-bad-anchor': { about: 'a misspelt anchor', text: edit(['after: declared, within: PT15M', `after: ${MARK}delcared, within: PT15M`]), expect: [['"after" must be occurred, declared, tier_set, closed, received, {action: ACTION_ID}, {fact: FACT_ID} or {scheduled: ACTION_ID}', 'did you mean "declared"']] },
  'schema-anchor-object-typo': { about: '{actoin: x}', text: edit(['after: { action: notify-manager }', `after: { ${MARK}actoin: notify-manager }`]), expect: ['unknown key "actoin" in "after"; did you mean "action"?'] },
  'schema-condition-two-operators': { about: 'fact with equals and set', text: edit(['when: { fact: injury, in: [serious] }', `when: ${MARK}{ fact: injury, in: [serious], set: true }`]), expect: ['a fact condition has "fact" and exactly one of equals, in or set'] },
  'schema-condition-empty': { about: 'an empty condition', text: edit(['when: { fact: injury, in: [serious] }', `when: ${MARK}{}`]), expect: ['a condition needs one of all, any, not, fact or tier'] },
  'schema-condition-without-fact': { about: 'equals without fact', text: edit(['when: { fact: injury, in: [serious] }', `when: ${MARK}{ equals: serious }`]), expect: ['"equals" needs "fact" beside it'] },
  'schema-condition-all-with-more': { about: 'all beside another key', text: edit(['when: { fact: injury, in: [serious] }', `when: ${MARK}{ all: [], tier: [tier-1] }`]), expect: ['"all" must be the only key', '"tier" must be the only key'], marksFor: [0, 0] },
  'schema-condition-value-type': { about: 'equals a list', text: edit(['when: { fact: injury, in: [serious] }', `when: { fact: injury, equals: ${MARK}[serious] }`]), expect: ['"equals" must be text, a number or true/false, not a list'] },
  'schema-cic-version': { about: 'cic: 2', text: edit(['cic: 1', `cic: ${MARK}2`]), expect: ['cic must be 1'] },
  'schema-duplicate-list-item': { about: 'uniqueItems', text: edit(['notify: [manager]', `notify: [manager, ${MARK}manager]`]), expect: ['"manager" is listed twice in "notify"'] },
  'schema-empty-list': { about: 'roles: []', text: edit(['roles:\n  - id: manager\n    title: City Manager\n  - id: chief\n    title: Police Chief\n  - id: deputy-chief\n    title: Deputy Chief\n    acts_for: [chief]\n  - id: mayor\n    title: Mayor\n', `roles: ${MARK}[]\n`]), expect: ['"roles" needs at least 1 item'] },
  'schema-bad-url': { about: 'a reference URL that is not one', text: edit(['url: https://example.org/policy', `url: ${MARK}example dot org`]), expect: ['"example dot org" is not an absolute URL'] },
  'schema-negative-business-days': { about: 'business_days: -1', text: edit(['business_days: 3', `business_days: ${MARK}-1`]), expect: ['"business_days" must be at least 0'] },
  'schema-until-not-closed': { about: 'until must be closed', text: edit(['until: closed', `until: ${MARK}forever`]), expect: ['until must be closed'] },
  'schema-empty-title': { about: 'an empty title', text: edit(['title: Mayor', `title: ${MARK}""`]), expect: ['"title" is empty'] },
  'schema-several-sorted': {
    about: 'every schema problem is reported, sorted by position',
    text: edit(['kind: task', `kind: ${MARK}chore`], ['version: "1.0"', `version: ${MARK}1`], ['    statement: { first: true }', `    statement: { ${MARK}frist: true }`]),
    expect: ['"version" must be text', '"kind" must be one of', 'unknown key "frist"'],
  },

  // ── Semantic checks ──────────────────────────────────────────────────────────────────────
  'ref-unknown-owner': { about: 'owner names no role', text: edit(['owner: manager\n    required', `owner: ${MARK}clerk\n    required`]), expect: ['action "records": unknown role "clerk" in "owner"'] },
  'ref-unknown-approver': { about: 'approvers', text: edit(['approvers: [manager]', `approvers: [manager, ${MARK}mayr]`]), expect: ['unknown role "mayr" in "approvers"; did you mean "mayor"?'] },
  'ref-unknown-notify': { about: 'notify', text: edit(['notify: [manager]', `notify: [${MARK}council]`]), expect: ['unknown role "council" in "notify"'] },
  'ref-unknown-acts-for': { about: 'acts_for', text: edit(['acts_for: [chief]', `acts_for: [${MARK}sheriff]`]), expect: ['role "deputy-chief": unknown role "sheriff" in "acts_for"'] },
  'ref-acts-for-self': { about: 'a role acting for itself', text: edit(['acts_for: [chief]', `acts_for: [chief, ${MARK}deputy-chief]`]), expect: ['a role cannot act for itself'] },
  'ref-unknown-tier': { about: 'an action for a tier that does not exist', text: edit(['    owner: chief\n    tiers: [tier-1]\n    due: { after: occurred', `    owner: chief\n    tiers: [${MARK}tier-3]\n    due: { after: occurred`]), expect: ['unknown tier "tier-3" in "tiers"'] },
  'ref-unknown-tier-in-condition': { about: 'a tier condition naming no tier', text: edit(['when: { fact: media_calls, set: true }', `when: { tier: [${MARK}tier-9] }`]), expect: ['unknown tier "tier-9" in "tier"'] },
  'ref-unknown-question': { about: 'a classification question naming no fact', text: edit(['questions: [shots_fired, injury]', `questions: [shots_fired, ${MARK}injuries]`]), expect: ['unknown fact "injuries" in "questions"'] },
  'ref-unknown-required-fact': { about: 'required_facts', text: edit(['required_facts: [injury]', `required_facts: [injury, ${MARK}victim_name]`]), expect: ['unknown fact "victim_name" in "required_facts"'] },
  'ref-unknown-condition-fact': { about: 'a condition on no fact', text: edit(['{ fact: shots_fired, equals: true }', `{ fact: ${MARK}shots, equals: true }`]), expect: ['tier "tier-1": unknown fact "shots" in "fact"'] },
  'ref-unknown-depends-on': { about: 'depends_on', text: edit(['depends_on: [notify-manager]', `depends_on: [${MARK}notify-managr]`]), expect: ['unknown action "notify-managr" in "depends_on"; did you mean "notify-manager"?'] },
  'ref-unknown-anchor-action': { about: 'a deadline counted from no action', text: edit(['after: { action: notify-manager }', `after: { action: ${MARK}brief-mayor }`]), expect: ['unknown action "brief-mayor" in "action"'] },
  'ref-unknown-sensitive-anchor': { about: 'a sensitive fact released after no action', text: edit(['after: { action: notify-kin }', `after: { action: ${MARK}notify-family }`]), expect: ['fact "officer_name": unknown action "notify-family" in "action"'] },
  'ref-unknown-template': { about: 'template', text: edit(['template: holding', `template: ${MARK}holdng`]), expect: ['unknown template "holdng" in "template"; did you mean "holding"?'] },
  'dup-role-id': { about: 'two roles with one id', text: edit(['- id: mayor', `- id: ${MARK}chief`]), expect: ['duplicate role id "chief" (first at line 17)'] },
  'dup-fact-id': {
    about: 'two facts with one id (and so the renamed one is missing where it is used)',
    text: edit(['- id: media_calls', `- id: ${MARK}injury`], ['when: { fact: media_calls, set: true }', `when: { fact: ${MARK}media_calls, set: true }`]),
    expect: ['duplicate fact id "injury" (first at line 29)', 'unknown fact "media_calls" in "fact"'],
  },
  'dup-tier-id': { about: 'two tiers with one id', text: edit(['- id: tier-2', `- id: ${MARK}tier-1`]), expect: ['duplicate tier id "tier-1"'] },
  'dup-action-id': { about: 'two actions with one id: reported at the second', text: edit(['- id: records', `- id: ${MARK}updates`]), expect: ['duplicate action id "updates" (first at line 90)'] },
  'dup-template-id': { about: 'two templates with one id', text: edit(['  - id: update\n    file', `  - id: ${MARK}holding\n    file`], ['template: update', 'template: holding']), expect: ['duplicate template id "holding"'] },
  'dup-holiday': { about: 'a holiday listed twice', text: edit(['      name: Independence Day (observed)\n', `      name: Independence Day (observed)\n    - date: ${MARK}2026-07-03\n`]), expect: ['holiday 2026-07-03 is listed twice'] },
  'cycle-depends-on': { about: 'a → b → a', text: edit(['    owner: chief\n    notify: [manager]', `    owner: chief\n    depends_on: [${MARK}holding-statement]\n    notify: [manager]`]), expect: ['dependency cycle: notify-manager → holding-statement → notify-manager'] },
  'cycle-through-anchor': {
    about: 'a deadline anchored on an action that depends on it',
    text: edit(['due: { after: declared, business_days: 3 }', 'due: { after: { action: updates }, business_days: 3 }'], ['template: update\n', `template: update\n    depends_on: [${MARK}records]\n`]),
    expect: ['dependency cycle: updates → records → updates'],
  },
  'approvals-needed-too-many': { about: 'more approvals needed than there are approvers', text: edit(['approvers: [manager]\n', `approvers: [manager]\n    approvals_needed: ${MARK}2\n`]), expect: ['approvals_needed is 2 but there is 1 approver'] },
  'approvals-needed-zero': { about: 'approvals_needed below 1', text: edit(['approvers: [manager]\n', `approvers: [manager]\n    approvals_needed: ${MARK}0\n`]), expect: ['"approvals_needed" must be at least 1'] },
  'depends-on-self': { about: 'an action depending on itself', text: edit(['depends_on: [notify-manager]', `depends_on: [notify-manager, ${MARK}holding-statement]`]), expect: ['an action cannot depend on itself'] },
  'anchor-self': { about: 'a deadline counted from its own completion', text: edit(['due: { after: occurred, within: PT4H }', `due: { after: { action: ${MARK}notify-kin }, within: PT4H }`]), expect: ["an action's deadline cannot be counted from its own completion"] },
  'placeholder-unknown-fact': { about: 'an inline template naming no fact', text: edit(['We will update by {{next_update}}.', `We will update by ${MARK}{{next_updat}}.`]), expect: ['placeholder {{next_updat}} names no fact; did you mean "next_update"?'] },
  'placeholder-not-syntax': { about: 'a Mustache section', text: edit(['involving {{injury}} injury', `involving ${MARK}{{#injury}} injury`]), expect: ['"{{#injury}}" is not a placeholder'] },
  'placeholder-unknown-in-file': {
    about: 'a template file naming no fact: reported in that file',
    text: edit(['file: templates/update.md', 'file: templates/bad-placeholder.md']),
    files: { 'templates/bad-placeholder.md': `Update on the incident.\nThe officer, ${MARK}{{ officer }}, is on leave.\n` },
    expect: ['placeholder {{ officer }} names no fact'],
  },
  'duration-within-and-business-days': { about: 'both within and business_days', text: edit(['due: { after: declared, business_days: 3 }', `due: { after: declared, within: P3D, ${MARK}business_days: 3 }`]), expect: ['give either "within" or "business_days", not both'] },
  'duration-neither': { about: 'neither within nor business_days', text: edit(['    due: { after: declared, business_days: 3 }', `    ${MARK}due: { after: declared }`]), expect: ['give "within" (a duration such as PT1H) or "business_days"'] },
  'duration-zero-repeat': { about: 'repeat every PT0S would never end', text: edit(['every: PT4H', `every: ${MARK}PT0S`]), expect: ['"PT0S" is zero'] },
  'duration-zero-extension': { about: 'extendable by nothing', text: edit(['max: P30D', `max: ${MARK}P0D`]), expect: ['"P0D" is zero'] },
  'duration-absurd': { about: 'a million years', text: edit(['within: PT48H', `within: ${MARK}P1000000Y`]), expect: ['"P1000000Y" is longer than 100 years'] },
  'received-without-request': { about: 'a receipt anchor on an action not owed per request', text: edit(['    due: { after: declared, business_days: 3 }\n', '    due: { after: ‸received, business_days: 3 }\n']), expect: ['"after: received" counts from a request\'s receipt; only an action with "per_request" has one'] },
  'per-request-repeat': { about: 'an action owed per request that also repeats', text: edit(['    due: { after: declared, business_days: 3 }\n', '    per_request: records-request\n    due: { after: received, business_days: 3 }\n    ‸repeat: { every: P1D, until: closed }\n']), expect: ['an action owed per request is due once per request; it cannot also repeat'] },
  'per-request-anchor': { about: 'a single deadline counted from an action owed per request', text: edit(['    due: { after: declared, business_days: 3 }\n', '    per_request: records-request\n    due: { after: received, business_days: 3 }\n'], ['    due: { after: { action: notify-manager }, within: PT1H }', '    due: { after: { action: ‸records }, within: PT1H }']), expect: ['"records" is owed once per "records-request" request, so it has no single completion to count from here'] },
  'outside-acted-for': { about: 'a city role acting for an agency outside the city', text: edit(['  - id: mayor\n    title: Mayor\n', '  - id: mayor\n    title: Mayor\n  - id: prosecutor\n    title: County Prosecutor\n    outside: true\n'], ['    acts_for: [chief]', '    acts_for: [chief, ‸prosecutor]']), expect: ['"prosecutor" is an agency outside the city: no city role acts for it'] },
  'outside-approver': { about: 'an agency outside the city as an approver', text: edit(['  - id: mayor\n    title: Mayor\n', '  - id: mayor\n    title: Mayor\n  - id: prosecutor\n    title: County Prosecutor\n    outside: true\n'], ['    approvers: [manager]', '    approvers: [manager, ‸prosecutor]']), expect: ['"prosecutor" is an agency outside the city: it cannot approve in cic'] },
  'per-request-depends': { about: 'a single action waiting on an action owed per request', text: edit(['    due: { after: declared, business_days: 3 }\n', '    per_request: records-request\n    due: { after: received, business_days: 3 }\n'], ['    depends_on: [notify-manager]', '    depends_on: [‸records]']), expect: ['"records" is owed once per "records-request" request; only an action owed per request of that kind can wait on it'] },
  'repeat-after-closed': { about: 'repeating until closed after closing', text: edit(['    due: { after: declared, business_days: 3 }\n', `    due: { after: closed, business_days: 3 }\n    ${MARK}repeat: { every: P1D, until: closed }\n`]), expect: ['an action due after closing cannot repeat until closed'] },
  'timezone-unknown': { about: 'a misspelt zone', text: edit(['time_zone: America/Chicago', `time_zone: ${MARK}America/Chicgo`]), expect: ['unknown time zone "America/Chicgo"; did you mean "America/Chicago"?'] },
  'timezone-not-iana': { about: 'a US abbreviation', text: edit(['time_zone: America/Chicago', `time_zone: ${MARK}Central`]), expect: ['unknown time zone "Central"'] },
  'timezone-case': { about: 'a zone in the wrong case', text: edit(['time_zone: America/Chicago', `time_zone: ${MARK}america/chicago`]), expect: ['time zone "america/chicago" is written "America/Chicago"'] },
  'never-choice-value': { about: 'equals a value outside the choices', text: edit(['{ fact: injury, equals: fatal }', `{ fact: injury, equals: ${MARK}deadly }`]), expect: ['"deadly" is not one of the choices of fact "injury"'] },
  'never-choice-case': { about: 'choices are case-sensitive', text: edit(['{ fact: injury, in: [serious] }', `{ fact: injury, in: [${MARK}Serious] }`]), expect: [['"Serious" is not one of the choices of fact "injury"', 'did you mean "serious"']] },
  'never-wrong-type': { about: 'yes is text, not a boolean', text: edit(['{ fact: shots_fired, equals: true }', `{ fact: shots_fired, equals: ${MARK}yes }`]), expect: ['fact "shots_fired" is of type boolean, so this value must be true or false, not "yes"'] },
  'never-wrong-type-number': { about: 'a number fact compared with text', text: edit(['when: { fact: media_calls, set: true }', `when: { fact: media_calls, equals: ${MARK}"10" }`]), expect: ['fact "media_calls" is of type number, so this value must be a number, not "10"'] },
  'never-all-two-values': { about: 'all requiring two values of one fact', text: edit(['when: { fact: injury, in: [serious] }', `when: ${MARK}{ all: [{ fact: injury, equals: serious }, { fact: injury, equals: fatal }] }`]), expect: ['this condition can never match: injury would have to be "serious", and also "fatal"'] },
  'never-set-false-and-equals': { about: 'set: false with equals on the same fact', text: edit(['when: { fact: injury, in: [serious] }', `when: ${MARK}{ all: [{ fact: injury, set: false }, { fact: injury, equals: serious }] }`]), expect: ['injury would have to be not recorded, and also "serious"'] },
  'never-empty-any': { about: 'an empty any', text: edit(['when: { fact: injury, in: [serious] }', `when: ${MARK}{ any: [] }`]), expect: ['an empty "any" never holds'] },
  'never-empty-in': { about: 'an empty in', text: edit(['when: { fact: injury, in: [serious] }', `when: { fact: injury, in: ${MARK}[] }`]), expect: ['"in" is an empty list, so this condition never matches'] },
  'never-nested-branch': {
    about: 'one dead branch inside an any is reported at the branch',
    text: edit(['when: { fact: injury, in: [serious] }', `when:\n        any:\n          - { fact: injury, equals: serious }\n          - ${MARK}all: [{ fact: shots_fired, equals: true }, { not: { fact: shots_fired, set: true } }]`]),
    expect: ['shots_fired would have to be true, and also not recorded'],
  },
  'never-every-boolean-value-excluded': {
    about: 'a boolean fact that is recorded but neither true nor false',
    text: edit(['when: { fact: injury, in: [serious] }', `when: ${MARK}{ all: [{ fact: shots_fired, set: true }, { not: { fact: shots_fired, equals: true } }, { not: { fact: shots_fired, equals: false } }] }`]),
    expect: ['this condition can never match: shots_fired'],
  },
  'never-tier-conflict': { about: "an action's tiers and its tier condition disagree", text: edit(['when: { fact: media_calls, set: true }', `when: ${MARK}{ tier: [tier-2] }`]), expect: ['the tier would have to be "tier-2", and also "tier-1"'] },
  'tier-condition-in-tier': { about: 'a tier chosen by the tier', text: edit(['when: { fact: injury, in: [serious] }', `when: { ${MARK}tier: [tier-1] }`]), expect: ["a tier's condition cannot test the tier"] },
  'fact-choice-without-choices': { about: 'a choice fact with no choices', text: edit(['    choices: [none, minor, serious, fatal]\n', '']).replace('  - id: injury\n', `  - ${MARK}id: injury\n`), expect: ['fact "injury": a fact of type choice needs "choices"'] },
  'fact-choices-on-text': { about: 'choices on a text fact', text: edit(["    prompt: The officer's name\n", `    prompt: The officer's name\n    ${MARK}choices: [a, b]\n`]), expect: ['"choices" apply only to a fact of type choice'] },
  'template-file-missing': { about: 'a template file that is not there', text: edit(['file: templates/update.md', `file: ${MARK}templates/missing.md`]), expect: ['template file "templates/missing.md" cannot be read: no such file'] },
  'template-file-escapes': { about: '.. out of the folder', text: edit(['file: templates/update.md', `file: ${MARK}../fixtures/templates/update.md`]), expect: ["template path \"../fixtures/templates/update.md\" leaves the playbook's folder"] },
  'template-file-absolute': { about: 'an absolute path', text: edit(['file: templates/update.md', `file: ${MARK}/etc/passwd`]), expect: ["template path \"/etc/passwd\" must be relative to the playbook's folder"] },
  'template-file-backslash': { about: 'a Windows path', text: edit(['file: templates/update.md', `file: ${MARK}templates\\update.md`]), expect: ['uses "\\\\"; write paths with "/"'] },
  'template-text-and-file': { about: 'both text and file', text: edit(['    file: templates/update.md\n', `    text: Update.\n    ${MARK}file: templates/update.md\n`]), expect: ['a template has either "text" or "file", not both'] },
  'template-neither': { about: 'neither text nor file', text: edit(['  - id: update\n    file: templates/update.md\n', `  - ${MARK}id: update\n    title: Update\n`]), expect: ['a template needs "text" (inline) or "file"'] },
  'regex-invalid': { about: 'a flagged phrase that is not a regular expression', text: edit(['pattern: "within \\\\d+ (hours|days)"', `pattern: ${MARK}"within (hours"`]), expect: ['not a valid regular expression'] },
  'regex-backreference': { about: 'a backreference: RE2 (linear time) cannot run it', text: edit(['pattern: "within \\\\d+ (hours|days)"', `pattern: ${MARK}"(hours|days) \\\\1"`]), expect: ['cannot be run in linear time'] },
  'regex-lookahead': { about: 'a lookahead: RE2 (linear time) cannot run it', text: edit(['pattern: "within \\\\d+ (hours|days)"', `pattern: ${MARK}"within(?= hours)"`]), expect: ['cannot be run in linear time'] },
  'semantic-several-sorted': {
    about: 'every semantic problem is reported, sorted by position',
    text: edit(['owner: manager\n    required', `owner: ${MARK}clerk\n    required`], ['acts_for: [chief]', `acts_for: [${MARK}sheriff]`], ['template: holding', `template: ${MARK}holdng`]),
    expect: ['unknown role "sheriff"', 'unknown template "holdng"', 'unknown role "clerk"'],
  },
};

// ── Write the files and expected.json ──────────────────────────────────────────────────────
function positions(text) {
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  const out = [];
  let clean = '';
  let line = 1;
  let col = 1;
  for (const ch of body) {
    if (ch === MARK) {
      out.push({ line, col });
      continue;
    }
    clean += ch;
    if (ch === '\n') {
      line++;
      col = 1;
    } else col += ch.length; // UTF-16 code units, as editors and the yaml library count
  }
  return { marks: out, clean: text.startsWith('\ufeff') ? `\ufeff${clean}` : clean };
}

function encode(text, c) {
  if (c.utf16) return Buffer.from(`\ufeff${text}`, 'utf16le');
  const parts = text.split(BAD_BYTE).map((p) => Buffer.from(p, 'utf8'));
  return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [Buffer.from([0xe9]), p])));
}

mkdirSync(here, { recursive: true });
for (const f of readdirSync(here)) if (f.endsWith('.yaml')) rmSync(here + f);
rmSync(here + 'templates', { recursive: true, force: true });
mkdirSync(here + 'templates');
writeFileSync(here + 'templates/update.md', updateTemplate);

const expected = {};
for (const [name, c] of Object.entries(cases)) {
  const file = `${name}.yaml`;
  const { marks, clean } = positions(c.text);
  const located = marks.map((m) => ({ file, ...m }));
  for (const [extra, content] of Object.entries(c.files ?? {})) {
    const p = positions(content);
    writeFileSync(here + extra, p.clean);
    located.push(...p.marks.map((m) => ({ file: extra, ...m })));
  }
  const order = c.marksFor ?? c.expect.map((_, i) => Math.min(i, located.length - 1));
  const problems = c.expect.map((message, i) => {
    const at = located[order[i]];
    if (!at) throw new Error(`${name}: no mark for "${message}"`);
    return { file: at.file, at: `${at.line}:${at.col}`, message: Array.isArray(message) ? message : [message] };
  });
  writeFileSync(here + file, encode(clean, c));
  expected[file] = { about: c.about, exit: c.exit ?? 2, problems };
}
writeFileSync(here + 'expected.json', `${JSON.stringify(expected, null, 2)}\n`);
console.log(`${Object.keys(expected).length} corpus files written`);
