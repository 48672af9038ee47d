/**
 * Static checks on the HTML report, shared by the HTML tests: anything in the markup that could
 * load, run or link to something outside the file. Text between tags is not markup (escaping
 * keeps `<` out of it, which the tests check separately), so a URL there is just words.
 */

const TAG_RULES: [string, RegExp][] = [
  ['script element', /^<script\b/i],
  ['link element', /^<link\b/i],
  ['frame/object/embed', /^<(i?frame|object|embed|portal)\b/i],
  ['base element', /^<base\b/i],
  ['img/audio/video/source', /^<(img|audio|video|source|track|image|picture)\b/i],
  ['meta refresh', /^<meta[^>]+http-equiv\s*=\s*["']?refresh/i],
  [
    'URL attribute',
    /\s(?:href|src|srcset|xlink:href|action|formaction|poster|data|background|ping|cite|manifest)\s*=/i,
  ],
  ['event handler', /\son[a-z]+\s*=/i],
  ['network URL', /(?:https?:|ftp:|wss?:|\/\/[a-z0-9])/i],
  ['javascript: URL', /javascript:/i],
  ['CSS url() in a style attribute', /\sstyle\s*=[^>]*url\s*\(/i],
];

const CSS_RULES: [string, RegExp][] = [
  ['CSS url()', /url\s*\(/i],
  ['CSS @import', /@import\b/i],
  ['CSS @font-face', /@font-face\b/i],
  ['network URL in CSS', /(?:https?:|\/\/[a-z0-9])/i],
];

/** Each finding names what it saw. */
export function externalRefs(html: string): string[] {
  const found: string[] = [];
  for (const [tag] of html.matchAll(/<[^>]*>/g)) {
    for (const [what, re] of TAG_RULES) if (re.test(tag)) found.push(`${what}: ${tag.slice(0, 80)}`);
  }
  for (const [, css] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) {
    for (const [what, re] of CSS_RULES) {
      const m = re.exec(css!);
      if (m) found.push(`${what}: ${css!.slice(m.index, m.index + 60)}`);
    }
  }
  return found;
}

/** The text outside tags, with entities left as written: for checking what escaping produced. */
export const textOutsideTags = (html: string): string => html.replace(/<[^>]*>/g, '');
