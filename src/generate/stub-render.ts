/**
 * stub-render
 *
 * The text of one resolver stub property, in the layout of the file it goes into. Used both for
 * new stub files (gqlambda's own layout) and for properties inserted into a user's existing file
 * (the user's indentation, quotes, semicolons and line endings).
 */

/**
 * What a field needs: a resolver function, a subscription object, or a type resolver. A
 * `parentField` is a field the parent already carries (the default resolver answered it until the
 * field took arguments): its stub keeps that answer instead of throwing.
 */
export type StubKind = 'field' | 'parentField' | 'subscription' | 'resolveType' | 'resolveReference';

export interface StubField {
  name: string;
  kind: StubKind;
  /** For `parentField`: the field may be null, so an absent property answers null. */
  nullable?: boolean;
  /** For `parentField`: why it needs a resolver (it took arguments, or every object has a property of its name). */
  reason?: 'arguments' | 'objectMember';
  /** For `__resolveType`: the object types it may return, named in a comment to help the user. */
  possibleTypes?: readonly string[];
}

export interface Layout {
  /** One level of indentation ('  ', '    ' or '\t'). */
  unit: string;
  quote: "'" | '"';
  /** ';' or '' */
  semi: string;
  eol: '\n' | '\r\n';
}

export const defaultLayout: Layout = { unit: '  ', quote: "'", semi: ';', eol: '\n' };

/** How every stub's error message starts; `gqlambda build --strict-stubs` looks for it. */
export const STUB_MARKER = 'Not implemented: ';

export function notImplemented(typeName: string, member: string, layout: Layout): string {
  const q = layout.quote;
  return `throw new Error(${q}${STUB_MARKER}${typeName}.${member}${q})${layout.semi}`;
}

/**
 * The property as whole lines, each starting with `indent` and ending with the file's line ending;
 * the property ends with a comma so that it can sit before another property or last in the object.
 */
export function renderPropertyLines(typeName: string, field: StubField, indent: string, layout: Layout): string {
  const { unit, eol } = layout;
  const lines: string[] = [];
  const throwLine = notImplemented(typeName, field.name, layout);
  switch (field.kind) {
    case 'field':
      lines.push(`${indent}${field.name}: (_parent, _args, _context) => {`);
      lines.push(`${indent}${unit}${throwLine}`);
      lines.push(`${indent}},`);
      break;
    case 'parentField':
      lines.push(`${indent}// ${parentFieldComment(typeName, field)}`);
      lines.push(`${indent}${field.name}: ${parentFieldResolver(field)},`);
      break;
    case 'subscription':
      lines.push(`${indent}${field.name}: {`);
      lines.push(`${indent}${unit}subscribe: (_parent, _args, _context) => {`);
      lines.push(`${indent}${unit}${unit}${throwLine}`);
      lines.push(`${indent}${unit}},`);
      lines.push(`${indent}},`);
      break;
    case 'resolveType':
      lines.push(`${indent}${field.name}: (_parent) => {`);
      lines.push(`${indent}${unit}// Return the name of the object type _parent is: ${possibleTypesText(field, layout)}.`);
      lines.push(`${indent}${unit}${throwLine}`);
      lines.push(`${indent}},`);
      break;
    case 'resolveReference':
      lines.push(`${indent}${field.name}: (_reference, _context) => {`);
      lines.push(`${indent}${unit}// ${RESOLVE_REFERENCE_COMMENT}`);
      lines.push(`${indent}${unit}${throwLine}`);
      lines.push(`${indent}},`);
      break;
  }
  return lines.map((line) => line + eol).join('');
}

/** The property on one line, without a trailing comma: for objects written on a single line. */
export function renderPropertyInline(typeName: string, field: StubField, layout: Layout): string {
  const body = `{ ${notImplemented(typeName, field.name, layout)} }`;
  switch (field.kind) {
    case 'field':
      return `${field.name}: (_parent, _args, _context) => ${body}`;
    case 'parentField':
      return `${field.name}: /* ${parentFieldComment(typeName, field)} */ ${parentFieldResolver(field)}`;
    case 'subscription':
      return `${field.name}: { subscribe: (_parent, _args, _context) => ${body} }`;
    case 'resolveType':
      return `${field.name}: (_parent) => ${body}`;
    case 'resolveReference':
      return `${field.name}: (_reference, _context) => /* ${RESOLVE_REFERENCE_COMMENT} */ ${body}`;
  }
}

const RESOLVE_REFERENCE_COMMENT =
  'The router sends `__typename` and one @key\'s fields: return the entity they name, or null when there is none.';

function parentFieldComment(typeName: string, field: StubField): string {
  if (field.reason === 'objectMember') return `${typeName}.${field.name} shares its name with a property every object has: answered here from the parent.`;
  return `${typeName} already carries ${field.name}: this answers it as before; use the new arguments here.`;
}

function parentFieldResolver(field: StubField): string {
  return `(parent, _args, _context) => parent.${field.name}${field.nullable ? ' ?? null' : ''}`;
}

function possibleTypesText(field: StubField, layout: Layout): string {
  const names = (field.possibleTypes ?? []).map((name) => `${layout.quote}${name}${layout.quote}`);
  if (names.length === 0) return 'one of the types that implement it';
  if (names.length === 1) return names[0] as string;
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
