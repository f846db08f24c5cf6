// Ordered vocabularies of the domain (see ../shared/domain/GLOSSARY.md).
// Built-in values seed the editable `vocabulary` table; teachers may add their own words.

/** 级别, highest first. Rank is the index: lower rank = higher level. The one list of levels: every
 * page, report and importer sorts and names levels from it (乡镇/学区级 came in with migration 0009,
 * which put it into existing archives' vocabulary at this rank). */
export const AWARD_LEVELS = ['国家级', '省级', '市级', '县级', '乡镇/学区级', '校级'] as const;
export type AwardLevel = (typeof AWARD_LEVELS)[number];

/** 等级, best first. Schools get 优秀组织奖 / 优秀组织单位 (listed apart in summaries). */
export const AWARD_GRADES = [
  '特等奖',
  '一等奖',
  '二等奖',
  '三等奖',
  '优秀奖',
  '金牌',
  '银牌',
  '铜牌',
  '专项奖',
  '优秀组织奖',
  '优秀组织单位',
] as const;
export const SCHOOL_GRADES: readonly string[] = ['优秀组织奖', '优秀组织单位'];

export const WORK_CATEGORIES = [
  '青少年科技创新成果',
  '科技辅导员科技教育创新成果',
  '青少年科技实践活动',
  '青少年科技创意',
  '少年儿童科学幻想绘画',
  '小发明',
  '小制作',
  '小论文',
  '调查报告',
  '科学DV',
  '创新方案',
  '模型',
] as const;

/** Short names the seeds use in sentences ("在科学幻想画类"). */
export const CATEGORY_SHORT: Record<string, string> = {
  少年儿童科学幻想绘画: '科学幻想画',
  青少年科技创新成果: '科技创新成果',
  青少年科技实践活动: '科技实践活动',
  科技辅导员科技教育创新成果: '科技辅导员创新成果',
};

export const SUBJECTS = ['物质科学', '生命科学', '地球环境与宇宙科学', '技术', '行为与社会科学'] as const;

export const ACTIVITY_TYPES = [
  '科普讲座',
  '科技节/科技周',
  '防震减灾演练',
  '参观考察',
  '社会实践调查',
  '三小活动',
  '科幻画创作',
  '科学DV拍摄',
  '模型',
  '机器人/编程',
  '兴趣小组例会',
  '竞赛选拔',
  '培训',
] as const;

export const ACTIVITY_STATUSES = ['planned', 'done', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const STAGES = ['小学', '初中', '高中'] as const;
/** A work's category when its sheet names none (filled in later by a sheet that does). */
export const UNCATEGORIZED = '未分类';
/** Where an award with no category of its own, nor its work's, is counted. */
export const OTHER_CATEGORY = '其他';
export type Stage = (typeof STAGES)[number];

export const GENDERS = ['男', '女'] as const;

export const VOCAB_KINDS = ['level', 'grade', 'category', 'activityType', 'subject'] as const;
export type VocabKind = (typeof VOCAB_KINDS)[number];

export const BUILTIN_VOCAB: Record<VocabKind, readonly string[]> = {
  level: AWARD_LEVELS,
  grade: AWARD_GRADES,
  category: WORK_CATEGORIES,
  activityType: ACTIVITY_TYPES,
  subject: SUBJECTS,
};

/** Rank for sorting: known values by their order, unknown words after them. */
export function rankOf(list: readonly string[], value: string): number {
  const i = list.indexOf(value);
  return i < 0 ? list.length : i;
}
