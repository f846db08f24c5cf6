// The one i18n table: every string the teacher sees, Chinese first, English second.
// Core error messages come from here too, so the host answers in the teacher's language.

export const messages = {
  // app shell
  'app.title': ['科技档案', 'Keji Archive'],
  'nav.activities': ['活动', 'Activities'],
  'nav.people': ['成员', 'People'],
  'nav.works': ['作品与获奖', 'Works & awards'],
  'nav.gallery': ['相册', 'Gallery'],
  'nav.summary': ['总结导出', 'Summary & export'],
  'nav.settings': ['设置', 'Settings'],
  'nav.trash': ['回收站', 'Trash'],
  'common.save': ['保存', 'Save'],
  'common.cancel': ['取消', 'Cancel'],
  'common.new': ['新建', 'New'],
  'common.edit': ['编辑', 'Edit'],
  'common.delete': ['删除', 'Delete'],
  'common.loading': ['正在加载…', 'Loading…'],
  'common.empty': ['暂无记录', 'Nothing here yet'],
  'common.saved': ['已保存', 'Saved'],
  'common.search': ['搜索', 'Search'],
  'common.all': ['全部', 'All'],
  'common.comingSoon': ['此页面将在后续版本中完善。', 'This page is coming in a later version.'],
  'common.people': ['人', 'people'],
  'common.unsaved': ['有未保存的修改，确定要离开吗？', 'You have unsaved changes. Leave anyway?'],

  // activities
  'activity.list.title': ['活动记录', 'Activities'],
  'activity.new': ['新建活动', 'New activity'],
  'activity.field.title': ['活动名称', 'Title'],
  'activity.field.type': ['类型', 'Type'],
  'activity.field.status': ['状态', 'Status'],
  'activity.field.startDate': ['开始日期', 'Start date'],
  'activity.field.endDate': ['结束日期', 'End date'],
  'activity.field.location': ['地点', 'Location'],
  'activity.field.teachers': ['组织教师', 'Teachers'],
  'activity.field.participants': ['参与学生', 'Participants'],
  'activity.field.headCount': ['参与人数', 'Head-count'],
  'activity.field.content': ['活动内容', 'Content'],
  'activity.field.process': ['活动记录', 'Record'],
  'activity.field.reflection': ['效果与反思', 'Reflection'],
  'activity.status.planned': ['计划中', 'Planned'],
  'activity.status.done': ['已完成', 'Done'],
  'activity.status.cancelled': ['已取消', 'Cancelled'],
  'activity.rescheduled': ['已改期 {n} 次', 'Rescheduled {n}×'],
  'activity.participants': ['{n} 人参与', '{n} participants'],
  'activity.photos': ['{n} 张照片', '{n} photos'],
  'activity.count': ['共 {n} 项活动', '{n} activities'],
  'term.1': ['第一学期', 'Autumn term'],
  'term.2': ['第二学期', 'Spring term'],

  // errors (code → message); {field} and {detail} are filled in
  'error.INVALID_INPUT': ['输入有误：{detail}', 'Invalid input: {detail}'],
  'error.NOT_FOUND': ['找不到这条记录，可能已被删除。', 'Record not found; it may have been deleted.'],
  'error.CONFLICT': ['操作冲突：{detail}', 'Conflict: {detail}'],
  'error.LOCKED': ['档案正在被另一个程序使用（{detail}）。请先关闭另一个“科技档案”窗口。', 'The archive is in use by another process ({detail}). Close the other window first.'],
  'error.SCHEMA_TOO_NEW': ['这个档案由更新版本的软件创建（数据版本 {detail}），请升级软件后再打开。', 'This archive was made by a newer version (schema {detail}); please upgrade.'],
  'error.NOT_AN_ARCHIVE': ['这不是科技档案的数据文件：{detail}', 'Not a Keji archive: {detail}'],
  'error.UNKNOWN_CALL': ['未知的操作：{detail}', 'Unknown call: {detail}'],
  'error.FORBIDDEN': ['拒绝访问。', 'Forbidden.'],
  'error.INTERNAL': ['内部错误，数据未被修改：{detail}', 'Internal error, nothing was changed: {detail}'],
  'error.field.required': ['此项必填', 'Required'],
  'error.field.date': ['日期格式应为 年-月-日', 'Date must be YYYY-MM-DD'],
  'error.field.tooLong': ['内容太长', 'Too long'],
  'error.field.invalid': ['格式不正确', 'Invalid value'],
  'error.network': ['无法连接到档案服务，请重新启动程序。', 'Cannot reach the archive service; restart the app.'],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof messages;
export type Locale = 'zh-CN' | 'en';

export function translate(key: MessageKey, vars: Record<string, string | number> = {}, locale: Locale = 'zh-CN'): string {
  const pair = messages[key];
  const s: string = pair ? pair[locale === 'en' ? 1 : 0] : key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : `{${k}}`));
}
