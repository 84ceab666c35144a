// The words every form shares in zh-CN: the required mark, and a message per kind of problem
// (client/src/forms/field-messages.ts picks one from the zod issue code or the server's answer).

/** Shared form text in zh-CN. */
export const formsZhCN = {
  'form.requiredMark': '（必填）',
  'form.problems_other': '有 {count} 处需要修改。',
  'form.error.required': '此项必填。',
  'form.error.tooShort_other': '至少 {count} 个字符。',
  'form.error.tooLong_other': '最多 {count} 个字符。',
  'form.error.atLeastOne': '至少需要一项。',
  'form.error.tooMany': '最多 {max} 项。',
  'form.error.min': '不能小于 {min}。',
  'form.error.max': '不能大于 {max}。',
  'form.error.positive': '请输入大于 0 的数。',
  'form.error.number': '请输入数字。',
  'form.error.whole': '请输入整数。',
  'form.error.choose': '请选择一项。',
  'form.error.date': '请填写有效的日期和时间。',
  'form.error.format': '格式不正确。',
  'form.error.invalid': '此项内容无效。',
  'form.error.server': '服务器未接受此项，请检查后重试。',
  'form.error.username': '用户名需 3–32 位，只能用字母、数字或 _ . -',
  'form.error.passwordShort_other': '密码至少需要 {count} 个字符。',
  'form.error.exhibitionId': '只能用小写字母、数字和 -，3–64 位，以字母或数字开头。',
};
