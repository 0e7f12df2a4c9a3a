/**
 * Renders `{{name}}` placeholders. A placeholder without a value, or a value without a
 * placeholder, is a bug in gqlambda, so both throw instead of producing a half-filled file.
 */
export function renderTemplate(text: string, values: Record<string, string>, templateName = 'template'): string {
  const used = new Set<string>();
  const rendered = text.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${templateName}: no value for placeholder {{${name}}}.`);
    used.add(name);
    return value;
  });
  const unused = Object.keys(values).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`${templateName}: values given for unknown placeholders: ${unused.join(', ')}.`);
  return rendered;
}
