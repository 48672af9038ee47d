/**
 * Byte and character checks before parsing: the UTF-8 finder agrees with the platform decoder,
 * forbidden characters are found where they are, and ordinary text passes.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { checkCharacters, decodeBytes, firstInvalidUtf8 } from '../../../src/core/playbook/text-checks.js';

describe('firstInvalidUtf8', () => {
  test('agrees with a fatal TextDecoder on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const valid = (b: Uint8Array) => {
          try {
            new TextDecoder('utf-8', { fatal: true }).decode(b);
            return true;
          } catch {
            return false;
          }
        };
        const at = firstInvalidUtf8(bytes);
        expect(at === bytes.length).toBe(valid(bytes));
        if (at < bytes.length) {
          expect(valid(bytes.subarray(0, at))).toBe(true); // everything before it decodes
        }
      }),
      { numRuns: 3000 },
    );
  });

  test.each([
    ['overlong', [0x41, 0xc0, 0x80], 1],
    ['surrogate', [0xed, 0xa0, 0x80], 0],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['truncated', [0x41, 0x42, 0xe2, 0x82], 2],
    ['valid 4-byte', [0xf0, 0x9f, 0x98, 0x80], 4],
  ])('%s', (_, bytes, at) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(at);
  });
});

describe('decodeBytes', () => {
  test('positions the first invalid byte by line and column', () => {
    const bytes = Buffer.concat([Buffer.from('a: 1\nb: caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    expect(decodeBytes(bytes).problems).toEqual([
      { line: 2, col: 7, message: 'invalid UTF-8 (byte 0xe9 at byte offset 11); save the file as UTF-8' },
    ]);
  });

  test('keeps a BOM for checkCharacters to drop; valid text passes', () => {
    expect(decodeBytes(Buffer.from('\ufeffa: é\n'))).toEqual({ text: '\ufeffa: é\n', problems: [] });
  });
});

describe('checkCharacters', () => {
  test('ordinary text passes, with tabs, CRLF, emoji and right-to-left scripts', () => {
    const text = 'a: "x\ty"\r\nb: 👍 مرحبا\n';
    expect(checkCharacters(text)).toEqual({ text, problems: [] });
  });

  test('each forbidden character is found where it is', () => {
    const { problems } = checkCharacters('a: 1\nb: x\u0000y\u007f\nc: \u202e\ud800\n\r');
    expect(problems.map((p) => `${p.line}:${p.col} ${p.message.split(' is ')[0]}`)).toEqual([
      '2:5 a NUL byte (U+0000)',
      '2:7 a control character (U+007F)',
      '3:4 an invisible bidirectional control character (U+202E), which can make text read differently from how it parses,',
      '3:5 a lone surrogate (U+D800)',
      '4:1 a carriage return without a line feed',
    ]);
  });

  test('a binary file is summarised after 20 characters', () => {
    const { problems } = checkCharacters('\u0001'.repeat(500));
    expect(problems).toHaveLength(21);
    expect(problems[20]!.message).toBe('… and 480 more characters like these; is this a text file?');
  });
});
