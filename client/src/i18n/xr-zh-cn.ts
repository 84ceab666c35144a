// The VR mode's words in zh-CN (its own namespace, see namespaces.ts): the "Enter VR" button and the panel a
// work opens inside the headset.

/** The VR mode's UI text in zh-CN. */
export const xrZhCN = {
  'xr.enter': '进入 VR',
  'xr.exit': '退出 VR',
  'xr.enterLabel': '戴上 VR 头显参观展厅：指向地面传送，左右推摇杆转向',
  'xr.failed': '无法进入 VR：{message}',
  'xr.panelClose': '关闭',
  'xr.panelCreator': '{creator} · {date}',
} as const satisfies Record<string, string>;
