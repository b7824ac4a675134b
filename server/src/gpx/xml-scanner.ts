/** What the scanner reports, in document order. */
export interface XmlHandler {
  /** A start tag (or a self-closing tag, which is followed at once by its `close`). */
  open(name: string, attributes: ReadonlyMap<string, string>, offset: number): void;
  close(name: string): void;
  /** Character data inside the root element, entities decoded; CDATA arrives verbatim. */
  text(text: string): void;
}

/** A well-formedness problem, with where in the input it was found. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/** 1-based line of an offset, for messages a person can act on. */
export function lineAt(xml: string, offset: number): number {
  let line = 1;
  for (let i = xml.indexOf('\n'); i !== -1 && i < offset; i = xml.indexOf('\n', i + 1)) line++;
  return line;
}

/** Replaces character and predefined entity references; anything else is kept as written. */
export function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  let out = '';
  let from = 0;
  for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', from)) {
    out += raw.slice(from, amp);
    const semi = raw.indexOf(';', amp);
    // Sloppy writers leave bare ampersands in names; keep them rather than refuse the file.
    const ref = semi !== -1 && semi - amp <= 10 ? raw.slice(amp + 1, semi) : null;
    const decoded = ref === null ? null : decodeReference(ref);
    if (decoded === null) {
      out += '&';
      from = amp + 1;
    } else {
      out += decoded;
      from = semi + 1;
    }
  }
  return out + raw.slice(from);
}

function decodeReference(ref: string): string | null {
  const named = PREDEFINED_ENTITIES[ref];
  if (named !== undefined) return named;
  let codePoint = NaN;
  if (/^#x[0-9a-fA-F]+$/.test(ref)) codePoint = parseInt(ref.slice(2), 16);
  else if (/^#[0-9]+$/.test(ref)) codePoint = parseInt(ref.slice(1), 10);
  if (!Number.isInteger(codePoint) || codePoint < 1 || codePoint > 0x10ffff) return null;
  return String.fromCodePoint(codePoint);
}

function fail(message: string, at: number): never {
  throw new XmlSyntaxError(message, at);
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r';
}

/** Characters that end a tag or attribute name. */
function endsName(ch: string | undefined): boolean {
  return ch === undefined || isSpace(ch) || ch === '/' || ch === '>' || ch === '=';
}

/**
 * A small, strict-enough XML scanner: elements, attributes in any order and quoting, self-closing
 * tags, comments, CDATA, processing instructions and a DOCTYPE. It checks that tags nest and that
 * there is exactly one root element; it does not resolve DTD entities or namespaces (names are
 * reported as written, prefix included).
 */
export function scanXml(xml: string, handler: XmlHandler): void {
  const open: string[] = [];
  let rootSeen = false;
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;

  const emitText = (text: string, at: number, raw: boolean) => {
    if (text.length === 0) return;
    if (open.length === 0) {
      if (text.trim().length > 0) fail('text outside the root element', at);
      return;
    }
    handler.text(raw ? text : decodeEntities(text));
  };
  const skipPast = (terminator: string, from: number, what: string): number => {
    const end = xml.indexOf(terminator, from);
    if (end === -1) fail(`unterminated ${what}`, from);
    return end + terminator.length;
  };

  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt === -1) {
      emitText(xml.slice(i), i, false);
      break;
    }
    emitText(xml.slice(i, lt), i, false);

    if (xml.startsWith('<!--', lt)) {
      i = skipPast('-->', lt + 4, 'comment');
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end === -1) fail('unterminated CDATA section', lt);
      emitText(xml.slice(lt + 9, end), lt, true);
      i = end + 3;
    } else if (xml.startsWith('<?', lt)) {
      i = skipPast('?>', lt + 2, 'processing instruction');
    } else if (xml.startsWith('<!', lt)) {
      // A DOCTYPE; its internal subset in brackets may itself contain '>'.
      const close = xml.indexOf('>', lt);
      const bracket = xml.indexOf('[', lt);
      const subsetEnd =
        bracket !== -1 && (close === -1 || bracket < close)
          ? skipPast(']', bracket, 'DOCTYPE')
          : lt;
      i = skipPast('>', subsetEnd, 'declaration');
    } else if (xml[lt + 1] === '/') {
      let end = lt + 2;
      while (!endsName(xml[end])) end++;
      const name = xml.slice(lt + 2, end);
      while (isSpace(xml[end])) end++;
      if (xml[end] !== '>') fail(`malformed end tag </${name}`, lt);
      const expected = open.pop();
      if (expected === undefined) fail(`end tag </${name}> without a start tag`, lt);
      if (expected !== name) fail(`expected </${expected}> but found </${name}>`, lt);
      handler.close(name);
      i = end + 1;
    } else {
      i = scanStartTag(lt);
    }
  }
  if (open.length > 0) fail(`<${open[open.length - 1]}> is never closed`, xml.length);
  if (!rootSeen) fail('no root element', 0);

  function scanStartTag(lt: number): number {
    let p = lt + 1;
    while (!endsName(xml[p])) p++;
    const name = xml.slice(lt + 1, p);
    if (name.length === 0 || name.includes('<')) fail('malformed start tag', lt);
    if (open.length === 0 && rootSeen) fail(`a second root element <${name}>`, lt);
    const attributes = new Map<string, string>();
    for (;;) {
      const beforeSpace = p;
      while (isSpace(xml[p])) p++;
      const ch = xml[p];
      if (ch === undefined) fail(`unterminated start tag <${name}`, lt);
      if (ch === '>' || (ch === '/' && xml[p + 1] === '>')) {
        const selfClosing = ch === '/';
        rootSeen = true;
        handler.open(name, attributes, lt);
        if (selfClosing) handler.close(name);
        else open.push(name);
        return p + (selfClosing ? 2 : 1);
      }
      if (p === beforeSpace) fail(`attributes of <${name}> must be separated by spaces`, p);
      const attrStart = p;
      while (!endsName(xml[p])) p++;
      const attr = xml.slice(attrStart, p);
      if (attr.length === 0) fail(`malformed attribute in <${name}>`, p);
      while (isSpace(xml[p])) p++;
      if (xml[p] !== '=') fail(`attribute ${attr} of <${name}> has no value`, attrStart);
      p++;
      while (isSpace(xml[p])) p++;
      const quote = xml[p];
      if (quote !== '"' && quote !== "'") fail(`attribute ${attr} of <${name}> is not quoted`, p);
      const valueEnd = xml.indexOf(quote, p + 1);
      if (valueEnd === -1) fail(`unterminated value of attribute ${attr} in <${name}>`, p);
      if (attributes.has(attr)) fail(`attribute ${attr} appears twice in <${name}>`, attrStart);
      attributes.set(attr, decodeEntities(xml.slice(p + 1, valueEnd)));
      p = valueEnd + 1;
    }
  }
}
