import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldError, FieldErrors, FieldValues, Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { decodeFieldMessage, encodeFieldMessage, messageOfIssue, type FieldMessage, type IssueFacts } from './field-messages';

// The resolver every form uses: zodResolver over the shared schema (or a small form schema
// derived from it), with messages that are dictionary keys. A form may word some problems its
// own way (`words`: "this phase starts before the one before it" rather than "not valid").

/** A problem as a form's own wording sees it: the field's dotted path and the zod issue code. */
export interface PlacedProblem {
  path: string;
  code: string;
}

/** A form's own words for some problems; undefined leaves the shared wording. */
export type ProblemWords = (problem: PlacedProblem) => FieldMessage | undefined;

const isLeaf = (value: unknown): value is FieldError => typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

/**
 * Rewords, in place, every error that `words` has its own message for, and any whose message is
 * still the schema's own English (a schema that names its rule, `.regex(re, 'letters only')`,
 * keeps its words over the error map): those are worded from their code.
 */
function reword(errors: Record<string, unknown>, prefix: string, words: ProblemWords | undefined) {
  for (const [name, value] of Object.entries(errors)) {
    if (typeof value !== 'object' || value === null || name === 'ref') continue;
    const path = name === 'root' ? prefix : prefix === '' ? name : `${prefix}.${name}`;
    if (isLeaf(value)) {
      const own = words?.({ path, code: value.type as string }) ?? (decodeFieldMessage(value.message) ? undefined : messageOfIssue({ code: value.type as string }));
      if (own) value.message = encodeFieldMessage(own);
    }
    reword(value as Record<string, unknown>, path, words);
  }
}

/**
 * A react-hook-form resolver that parses with `schema`: submit handlers get the schema's output
 * (transforms applied), and each error's message is an encoded FieldMessage (see field-messages).
 */
export function schemaResolver<Input extends FieldValues, Output>(schema: z.ZodType<Output, Input>, words?: ProblemWords): Resolver<Input, unknown, Output> {
  const inner = zodResolver(schema, { error: (issue) => encodeFieldMessage(messageOfIssue(issue as IssueFacts)) }) as Resolver<Input, unknown, Output>;
  return async (values, context, options) => {
    const result = await inner(values, context, options);
    reword(result.errors as FieldErrors as Record<string, unknown>, '', words);
    return result;
  };
}
