// 设置 page: school name, term dates, and 关于 (version, where things are). Part of the one i18n table (../messages.ts).

export const settings = {
  'settings.title': ['设置', 'Settings'],
  'settings.school.title': ['学校与学期', 'School and terms'],
  'settings.field.schoolName': ['学校名称', 'School name'],
  'settings.schoolName.hint': ['显示在左上角和导出的总结中。', 'Shown at the top left and in exported summaries.'],
  'settings.field.autumnStart': ['第一学期开始', 'First term starts'],
  'settings.autumnStart.hint': ['学年也从这一天开始。', 'The school year starts on this day too.'],
  'settings.field.springStart': ['第二学期开始', 'Second term starts'],
  'settings.springStart.hint': [
    '各地开学日期不同，请按本校校历填写。',
    'Term dates differ by province; follow your school calendar.',
  ],
  'settings.month': ['{n}月', 'Month {n}'],
  'settings.day': ['{n}日', 'Day {n}'],
  'settings.monthLabel': ['月', 'Month'],
  'settings.dayLabel': ['日', 'Day'],
  'settings.termOrder': [
    '第二学期的开始日期必须在第一学期开始之前（同一学年的上半年）。',
    'The second term must start before the first term in the calendar year.',
  ],
  'settings.saved': ['已保存', 'Saved'],

  'about.title': ['关于科技档案', 'About Keji Archive'],
  'about.version': ['版本', 'Version'],
  'about.archiveDir': ['档案位置', 'Archive location'],
  'about.schemaVersion': ['数据库版本', 'Database version'],
  'about.mode': ['运行方式', 'Mode'],
  'about.mode.desktop': ['安装版（档案在“文档”文件夹中）', 'Installed (archive in Documents)'],
  'about.mode.portable': [
    '便携版（档案、设置和日志都保存在程序旁边，可随 U 盘携带）',
    'Portable (archive, settings and logs beside the program, e.g. on a USB stick)',
  ],
  'about.mode.web': ['浏览器版（本机 127.0.0.1）', 'Browser (this computer only)'],
  'about.mode.cli': ['命令行', 'Command line'],
  'about.logDir': ['日志文件夹', 'Log folder'],
  'about.logDir.none': ['未记录日志', 'No log kept'],
  'about.logHint': [
    '寻求帮助时，可把日志文件夹里的 keji.log 发给技术人员。日志只记录操作名称、错误代码和耗时，不含学生信息。',
    'When asking for help, send keji.log from the log folder. It holds only action names, error codes and timings — no student data.',
  ],
  'about.system': ['系统', 'System'],
  'about.copy': ['复制以上信息', 'Copy these details'],
  'about.copied': ['已复制', 'Copied'],
  'about.copyFailed': ['无法访问剪贴板，请手动选择文字复制。', 'Clipboard unavailable; select the text and copy it.'],
} as const satisfies Record<string, readonly [string, string]>;
