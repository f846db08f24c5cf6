// The help text of every `keji` command, in a module of its own so that `keji --help` prints it
// without loading the commands' code.
export const SEARCH_USAGE = `  keji search <目录> <文字> [--year 2025-2026 | --term 2025-2026-1] [--type 类型] [--level 级别] [--grade 等级]
              [--class 五年级(2)班 | 2021-2] [--teacher 姓名] [--kind activity,work…] [--trash] [--limit N] [--json]   搜索（支持拼音 zsm）
  keji reindex <目录>                       重建搜索索引`;

export const SUMMARY_USAGE = `  keji summary <目录> (--term 2025-2026-1 | --year 2025-2026 | --calendar 2025 | --years 2022-2026 | --from YYYY-MM-DD --to YYYY-MM-DD)
               --format docx|pdf|xlsx|html --out <文件或文件夹> [--kind summary|plan|student|teacher] [--person 姓名或id] [--mask] [--json]
                                            导出工作总结 / 学期计划表 / 学生记录 / 教师指导记录`;

export const PACKAGE_USAGE = `  keji export <目录> <U盘或文件夹> [--year 2025-2026 | --term 2025-2026-1 | --from 日期 --to 日期 | --activities id,id]
              [--mask] [--include-sensitive] [--recheck] [--json]   导出到U盘（含离线浏览页 index.html；再次导出只写入变化的文件，--recheck 逐个重读U盘上已有的文件）
  keji verify <数据包> [--quick] [--json]    校验数据包（清单、校验值、数据库完整性）
  keji merge <目录> <数据包> [--dry-run] [--prefer ours|theirs] [--json]   合并其他电脑导出的数据包（合并前自动备份；--dry-run 只预览；移到回收站需 --prefer theirs 确认）
  keji backup <目录> [--list] [--json]       立即备份数据库（--list 列出已有备份）
  keji restore <目录> <备份文件>             从备份恢复（恢复前先备份当前数据）
  keji web <数据包> --readonly               只读打开U盘上的数据包（先校验，不写入U盘）`;

export const USAGE = `用法 / usage:
  keji init <目录> [--school 学校名称]      新建空档案
  keji demo <目录>                          生成演示档案（三个学年的示例数据）
  keji stats <目录> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--term 2025-2026-1 | --year 2025-2026] [--json]
  keji import-photos <目录> <文件或文件夹>... [--activity <活动id>] [--json]   导入照片、视频和文档（含子文件夹）
  keji import-roster <目录> <文件> [--as-of YYYY-MM-DD] [--class 四年级(2)班] [--sheet 工作表] [--json]   导入花名册（.xlsx/.xls/.csv）
  keji import-awards <目录> <文件> [--as-of YYYY-MM-DD] [--date YYYY-MM-DD | --year 学年起始年] [--school 本校名称] [--sheet 工作表] [--json]   导入获奖名单（没有日期的行不导入，除非给出 --date 或 --year）
${SEARCH_USAGE}
${SUMMARY_USAGE}
${PACKAGE_USAGE}
  keji check <目录> [--json]                检查档案：哪些照片、文档的原文件不在、是链接或类型不符
  keji web [<目录>] [--demo] [--port N] [--log-dir 目录]   在浏览器中打开（仅 127.0.0.1；日志默认在 ~/.keji-archive/logs）`;
