// A small block-style YAML writer for generated documents (CloudFormation templates): mappings, sequences,
// scalars quoted whenever a YAML 1.1 or 1.2 reader could take them for anything but a string, comments, and
// CloudFormation's short-form tags (!Ref, !GetAtt, !Sub). Enough for what the project generates; not a general library.

/** A tagged scalar, e.g. `!Ref Step1ExternalId`. */
export class YamlTag {
  constructor(
    readonly tag: string,
    readonly value: string,
  ) {}
}

/** Keys starting with `#` are written as comment lines at their place in the mapping. */
export type YamlValue = string | number | boolean | YamlTag | YamlValue[] | { [key: string]: YamlValue };

const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;
const PLAIN = /^[A-Za-z][\w./:@+=,-]*$/;

function isMapping(v: YamlValue): v is { [key: string]: YamlValue } {
  return typeof v === 'object' && !Array.isArray(v) && !(v instanceof YamlTag);
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

export function yamlString(s: string): string {
  const text = oneLine(s);
  // A colon followed by a space, or " #", would end a plain scalar early; the PLAIN pattern has no spaces at all.
  if (PLAIN.test(text) && !RESERVED.test(text)) return text;
  return `'${text.replace(/'/g, "''")}'`;
}

function scalar(v: string | number | boolean | YamlTag): string {
  if (v instanceof YamlTag) return `${v.tag} ${yamlString(v.value)}`;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('YAML writer: numbers must be finite.');
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return yamlString(v);
}

function key(k: string): string {
  return /^[A-Za-z_][\w:.-]*$/.test(k) && !RESERVED.test(k) ? k : `'${oneLine(k).replace(/'/g, "''")}'`;
}

/** A value that fits on its key's line. */
function inline(v: YamlValue): string | undefined {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
  if (isMapping(v)) return Object.keys(v).some((k) => !k.startsWith('#')) ? undefined : '{}';
  return scalar(v);
}

function mappingLines(obj: { [key: string]: YamlValue }, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith('#')) {
      lines.push(`${pad}# ${oneLine(String(v))}`);
      continue;
    }
    const short = inline(v);
    if (short !== undefined) lines.push(`${pad}${key(k)}: ${short}`);
    else {
      lines.push(`${pad}${key(k)}:`);
      lines.push(...(Array.isArray(v) ? sequenceLines(v, indent + 2) : mappingLines(v as { [key: string]: YamlValue }, indent + 2)));
    }
  }
  return lines;
}

function sequenceLines(items: YamlValue[], indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const item of items) {
    const short = inline(item);
    if (short !== undefined) {
      lines.push(`${pad}- ${short}`);
      continue;
    }
    const inner = Array.isArray(item) ? sequenceLines(item, indent + 2) : mappingLines(item as { [key: string]: YamlValue }, indent + 2);
    // The first entry that is not a comment shares the dash's line; comments before it align with the dash.
    const first = inner.findIndex((line) => !line.trimStart().startsWith('#'));
    inner.forEach((line, i) => {
      if (i < first) lines.push(`${pad}${line.trimStart()}`);
      else lines.push(i === first ? `${pad}- ${line.slice(indent + 2)}` : line);
    });
  }
  return lines;
}

/** The document as block YAML, ending with a newline. `header` lines become leading comments. */
export function toYaml(doc: { [key: string]: YamlValue }, header: string[] = []): string {
  return [...header.map((h) => `# ${oneLine(h)}`), ...mappingLines(doc, 0)].join('\n') + '\n';
}
