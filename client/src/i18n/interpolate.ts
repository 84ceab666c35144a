/** The placeholder names (`{name}`) in a message, sorted (used to check translations agree). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}
