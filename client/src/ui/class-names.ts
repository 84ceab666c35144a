/** Joins the class names that are set (falsy entries are skipped): `cx(button.button, busy && styles.busy)`. */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}
