import type { MessageKey } from '../i18n/dictionary';

// A field's problem as the UI words it: a dictionary key and its values, never zod's English.
// react-hook-form keeps one string per error (`FieldError.message`), so the key and values travel
// in it encoded; FormField decodes them. An error whose message is not ours (a schema that carries
// its own English, say) is worded from its type, the zod issue code.

/** A message under a field: a dictionary key and the values of its placeholders. */
export interface FieldMessage {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** An issue as zod hands it to an error map (only what the wording needs). */
export interface IssueFacts {
  code?: string;
  origin?: string;
  format?: string;
  expected?: string;
  input?: unknown;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
}

const MARK = 'yz-msg:';
const num = (v: number | bigint | undefined) => (v === undefined ? 0 : Number(v));

/** The message as react-hook-form stores it (see decodeFieldMessage). */
export function encodeFieldMessage(message: FieldMessage): string {
  return MARK + JSON.stringify(message);
}

/** The message in an encoded string; null when the string is not one of ours. */
export function decodeFieldMessage(text: string | undefined): FieldMessage | null {
  if (!text?.startsWith(MARK)) return null;
  try {
    const parsed = JSON.parse(text.slice(MARK.length)) as FieldMessage;
    return typeof parsed.key === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/** The wording of a zod issue, from its code and what it was about (a string, a number, a list). */
export function messageOfIssue(issue: IssueFacts): FieldMessage {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'bigint') {
        return num(issue.minimum) === 0 && issue.inclusive === false ? { key: 'form.error.positive' } : { key: 'form.error.min', params: { min: num(issue.minimum) } };
      }
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'form.error.atLeastOne' };
      return num(issue.minimum) <= 1 ? { key: 'form.error.required' } : { key: 'form.error.tooShort', params: { count: num(issue.minimum) } };
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'bigint') return { key: 'form.error.max', params: { max: num(issue.maximum) } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'form.error.tooMany', params: { max: num(issue.maximum) } };
      return { key: 'form.error.tooLong', params: { count: num(issue.maximum) } };
    case 'invalid_type':
      // A blank input reaches the schema as undefined or ''; text that is not a number as NaN.
      if (issue.input === undefined || issue.input === null || issue.input === '') return { key: 'form.error.required' };
      if (issue.expected === 'number') return typeof issue.input === 'number' && Number.isNaN(issue.input) ? { key: 'form.error.number' } : { key: 'form.error.whole' };
      if (issue.expected === 'int') return { key: 'form.error.whole' };
      return { key: 'form.error.invalid' };
    case 'invalid_value':
      return { key: 'form.error.choose' };
    case 'invalid_format':
      return issue.format === 'datetime' || issue.format === 'date' ? { key: 'form.error.date' } : { key: 'form.error.format' };
    case 'server':
      return { key: 'form.error.server' };
    default:
      return { key: 'form.error.invalid' };
  }
}

/** What to show for a react-hook-form error: its encoded message, else a wording of its type. */
export function fieldMessageOf(error: { type?: unknown; message?: string } | undefined | null): FieldMessage | null {
  if (!error) return null;
  return decodeFieldMessage(error.message) ?? messageOfIssue({ code: typeof error.type === 'string' ? error.type : undefined });
}
