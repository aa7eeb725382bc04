/**
 * A campaign's message as the supporter sees it before sending: the same
 * `{{VARIABLE}}` and `{{#if VARIABLE}}…{{else}}…{{/if}}` forms the server renders
 * (`shared::templates`), filled in here only for the preview. The server renders
 * what is sent; anything this cannot read is shown as written.
 */

/** What the variables stand for in one preview. */
export type Values = Partial<Record<string, string>>;

const BLOCK = /\{\{#if ([A-Z][A-Z0-9_]*)\}\}([\s\S]*?)(?:\{\{else\}\}([\s\S]*?))?\{\{\/if\}\}/g;
const VARIABLE = /\{\{([A-Z][A-Z0-9_]*)\}\}/g;

/** Fills `template` with `values`; a variable without a value stays visible as `[Name]`. */
export function preview(template: string, values: Values): string {
  const blocks = template.replace(BLOCK, (_, name: string, yes: string, no = '') => (values[name] ? yes : no));
  return blocks.replace(VARIABLE, (_, name: string) => values[name] ?? `[${label(name)}]`);
}

/** `REPRESENTATIVE_NAME` → "Representative name". */
function label(name: string): string {
  const words = name.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Names as a sentence says them: "A", "A and B", "A, B and C". */
export function names(list: string[]): string {
  if (list.length <= 1) return list[0] ?? '';
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}
