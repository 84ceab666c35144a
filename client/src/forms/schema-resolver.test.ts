import type { ResolverOptions } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldMessageOf } from './field-messages';
import { schemaResolver } from './schema-resolver';

const Form = z.object({
  id: z.string().regex(/^[a-z]+$/, 'lower-case letters only'),
  title: z.object({ 'zh-CN': z.string().trim().min(1), en: z.string().max(3) }),
  size: z.string().transform((s) => Number(s)).pipe(z.number().positive()),
});
type Values = z.input<typeof Form>;
const options = { fields: {}, shouldUseNativeValidation: false } as ResolverOptions<Values>;

describe('schemaResolver', () => {
  it("hands the schema's output (transforms applied) to the submit handler", async () => {
    const result = await schemaResolver(Form)({ id: 'abc', title: { 'zh-CN': ' 山 ', en: '' }, size: '12' }, undefined, options);
    expect(result).toEqual({ values: { id: 'abc', title: { 'zh-CN': '山', en: '' }, size: 12 }, errors: {} });
  });

  it('words every error with a dictionary key, never the schema English', async () => {
    const result = await schemaResolver(Form)({ id: 'A B', title: { 'zh-CN': ' ', en: 'long' }, size: '-1' }, undefined, options);
    const errors = result.errors as Record<string, unknown> as { id: object; title: { 'zh-CN': object; en: object }; size: object };
    expect(fieldMessageOf(errors.id)).toEqual({ key: 'form.error.format' });
    expect(fieldMessageOf(errors.title['zh-CN'])).toEqual({ key: 'form.error.required' });
    expect(fieldMessageOf(errors.title.en)).toEqual({ key: 'form.error.tooLong', params: { count: 3 } });
    expect(fieldMessageOf(errors.size)).toEqual({ key: 'form.error.positive' });
    expect(JSON.stringify(result.errors)).not.toContain('lower-case letters only');
  });

  it("uses a form's own words for the problems it names, by path and code", async () => {
    const resolver = schemaResolver(Form, ({ path, code }) => (path === 'id' && code === 'invalid_format' ? { key: 'form.error.exhibitionId' } : undefined));
    const result = await resolver({ id: 'A', title: { 'zh-CN': '山', en: '' }, size: '1' }, undefined, options);
    expect(fieldMessageOf((result.errors as { id?: object }).id)).toEqual({ key: 'form.error.exhibitionId' });
  });
});
