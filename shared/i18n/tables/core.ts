// Messages of the archive core and the web host (errors and refusals they word themselves). Part of
// the one i18n table (../messages.ts). The Chinese text there is a message like any other: core files
// ask for it by key (eslint's keji/no-han-literal keeps them from writing it inline).

export const core = {
  // the dispatcher
  'core.db.constraint': ['数据之间的关联不允许这样修改', 'the links between records do not allow this change'],
  'core.db.diskFull': ['磁盘空间不足', 'the disk is full'],

  // the web host
  'web.forbidden': ['拒绝访问：请使用启动时显示的完整地址打开科技档案。', 'Access denied: open Keji Archive with the full address shown at start.'],
  'web.notFound': ['找不到该文件。', 'File not found.'],
  'web.refused': ['请求被拒绝。', 'Request refused.'],
  'web.tooLarge': ['请求过大', 'request too large'],
  'web.badJson': ['请求不是有效的 JSON', 'the request is not valid JSON'],
  'web.fileOver4G': ['文件超过 4 GB', 'the file is over 4 GB'],
  'web.export.badJson': ['导出条件不是有效的 JSON', 'the export options are not valid JSON'],
  'web.export.noList': ['请选择要导出的列表', 'choose the list to export'],
} as const satisfies Record<string, readonly [string, string]>;
