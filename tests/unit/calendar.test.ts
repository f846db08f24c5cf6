// The school calendar, grade labels, Chinese dates, name masking and ids: what the teacher
// sees on every page (学年/学期 pickers, 班级 labels, dates, masked names in exports).
import { describe, expect, it } from 'vitest';
import {
  classLabelOf,
  DEFAULT_CALENDAR,
  entryYearFromGrade,
  gradeLabelOf,
  gradeNames,
  parsePeriodKey,
  atSchoolOn,
  isGraduated,
  schoolYearLabel,
  schoolYearOf,
  schoolYearRange,
  stageYears,
  stageYearsSql,
  term,
  termOf,
  type CalendarSettings,
} from '../../shared/domain/calendar';
import Database from 'better-sqlite3';
import { chineseNumber, formatDateZh, formatRangeZh, maskName } from '../../shared/domain/format';
import { seededRandom, uuidv7, UUID_RE } from '../../shared/domain/ids';
import { STAGES } from '../../shared/domain/vocab';

describe('学年 and 学期 of a date (defaults: 9月1日 / 2月1日)', () => {
  it.each([
    ['2025-08-31', 2024, 2],
    ['2025-09-01', 2025, 1],
    ['2025-12-31', 2025, 1],
    ['2026-01-01', 2025, 1],
    ['2026-01-31', 2025, 1],
    ['2026-02-01', 2025, 2],
    ['2026-07-15', 2025, 2],
    ['2026-08-31', 2025, 2],
    ['2026-09-01', 2026, 1],
  ])('%s is in the %i school year, term %i', (date, year, no) => {
    expect(schoolYearOf(date)).toBe(year);
    const t = termOf(date);
    expect(t.year).toBe(year);
    expect(t.term).toBe(no);
    expect(date >= t.from && date <= t.to).toBe(true);
  });

  it('labels the 学年 with an em dash and a term with 第一/第二学期', () => {
    expect(schoolYearLabel(2025)).toBe('2025—2026学年');
    expect(termOf('2025-10-10').label).toBe('2025—2026学年第一学期');
    expect(termOf('2026-03-10').label).toBe('2025—2026学年第二学期');
    expect(termOf('2026-03-10').key).toBe('2025-2026-2');
  });

  it('a 学年 runs 1 September to 31 August, terms meet without gap or overlap', () => {
    expect(schoolYearRange(2025)).toEqual({ from: '2025-09-01', to: '2026-08-31' });
    expect(term(2025, 1)).toMatchObject({ from: '2025-09-01', to: '2026-01-31' });
    expect(term(2025, 2)).toMatchObject({ from: '2026-02-01', to: '2026-08-31' });
    // leap year: the autumn term of 2027—2028 ends 31 January, the spring term starts 1 February 2028
    expect(term(2027, 1).to).toBe('2028-01-31');
    expect(schoolYearRange(2027).to).toBe('2028-08-31');
  });

  it('custom term settings move both the 学年 boundary and the spring term start', () => {
    const cal: CalendarSettings = { autumnStart: '08-25', springStart: '02-20' };
    expect(schoolYearOf('2025-08-24', cal)).toBe(2024);
    expect(schoolYearOf('2025-08-25', cal)).toBe(2025);
    expect(termOf('2026-02-19', cal).term).toBe(1);
    expect(termOf('2026-02-20', cal).term).toBe(2);
    expect(term(2025, 1, cal)).toMatchObject({ from: '2025-08-25', to: '2026-02-19' });
    expect(term(2025, 2, cal)).toMatchObject({ from: '2026-02-20', to: '2026-08-24' });
    expect(schoolYearRange(2025, cal)).toEqual({ from: '2025-08-25', to: '2026-08-24' });
    // and the default calendar disagrees on these dates, so the setting really matters
    expect(schoolYearOf('2025-08-25', DEFAULT_CALENDAR)).toBe(2024);
    expect(termOf('2026-02-19').term).toBe(2);
  });

  it('parses period keys for 学期 and 学年 and rejects nonsense', () => {
    expect(parsePeriodKey('2025-2026-1')).toEqual({ year: 2025, term: 1 });
    expect(parsePeriodKey('2025-2026')).toEqual({ year: 2025, term: undefined });
    expect(parsePeriodKey('2025-2027')).toBeNull();
    expect(parsePeriodKey('2025-2026-3')).toBeNull();
    expect(parsePeriodKey('2025')).toBeNull();
  });
});

describe('年级 and 班级 labels', () => {
  it('a student who entered in 2021 is in 五年级 during 2025—2026', () => {
    expect(gradeLabelOf('小学', 2021, '2025-09-01')).toBe('五年级');
    expect(gradeLabelOf('小学', 2021, '2026-06-30')).toBe('五年级');
    expect(gradeLabelOf('小学', 2021, '2025-08-31')).toBe('四年级');
    expect(gradeLabelOf('小学', 2021, '2021-09-01')).toBe('一年级');
    expect(gradeLabelOf('小学', 2021, '2026-09-01')).toBe('六年级');
  });

  it('after 六年级 the student is 已毕业, before entry 未入学', () => {
    expect(gradeLabelOf('小学', 2021, '2027-09-01')).toBe('已毕业');
    expect(gradeLabelOf('小学', 2021, '2021-08-31')).toBe('未入学');
    expect(gradeLabelOf('初中', 2024, '2027-09-01')).toBe('已毕业');
    expect(gradeLabelOf('初中', 2024, '2026-09-01')).toBe('九年级');
    expect(gradeLabelOf('高中', 2025, '2025-09-01')).toBe('高一');
  });

  it('class labels: 五年级(2)班, no class number, graduates by entry year', () => {
    expect(classLabelOf('小学', 2021, 2, '2025-10-01')).toBe('五年级(2)班');
    expect(classLabelOf('小学', 2021, null, '2025-10-01')).toBe('五年级');
    expect(classLabelOf('小学', 2019, 1, '2025-10-01')).toBe('2019级(已毕业)');
  });

  it('custom calendar shifts the grade change date', () => {
    const cal: CalendarSettings = { autumnStart: '08-25', springStart: '02-20' };
    expect(gradeLabelOf('小学', 2021, '2025-08-26', cal)).toBe('五年级');
    expect(gradeLabelOf('小学', 2021, '2025-08-26')).toBe('四年级');
  });

  it('entryYearFromGrade is the inverse of gradeLabelOf for every stage and grade', () => {
    expect(entryYearFromGrade('小学', '五年级', '2025-10-01')).toBe(2021);
    expect(entryYearFromGrade('小学', '五年级', '2026-03-01')).toBe(2021);
    expect(entryYearFromGrade('小学', '高一', '2025-10-01')).toBeNull();
    expect(entryYearFromGrade('小学', '五年级(2)班', '2025-10-01')).toBeNull();
    for (const stage of STAGES) {
      for (const label of gradeNames(stage)) {
        for (const date of ['2025-09-01', '2026-01-31', '2026-02-01', '2026-08-31']) {
          const entry = entryYearFromGrade(stage, label, date)!;
          expect(gradeLabelOf(stage, entry, date)).toBe(label);
        }
      }
    }
  });
});

describe('formatting for the teacher', () => {
  it('formats dates as 2025年3月5日 without leading zeros', () => {
    expect(formatDateZh('2025-03-05')).toBe('2025年3月5日');
    expect(formatDateZh('2025-12-31')).toBe('2025年12月31日');
    expect(formatDateZh('2025-03-05T10:00:00.000Z')).toBe('2025年3月5日');
    expect(formatDateZh(null)).toBe('');
    expect(formatDateZh('不详')).toBe('不详');
  });

  it('formats date ranges', () => {
    expect(formatRangeZh('2025-05-12')).toBe('2025年5月12日');
    expect(formatRangeZh('2025-05-12', '2025-05-16')).toBe('2025年5月12日至5月16日');
    expect(formatRangeZh('2025-12-30', '2026-01-02')).toBe('2025年12月30日至2026年1月2日');
  });

  it('masks names for export', () => {
    expect(maskName('张树茂')).toBe('张*茂');
    expect(maskName('李明')).toBe('李*');
    expect(maskName('欧阳晓明')).toBe('欧**明');
    expect(maskName('王')).toBe('王');
  });

  it('writes 届次 numbers in Chinese', () => {
    expect(chineseNumber(9)).toBe('九');
    expect(chineseNumber(10)).toBe('十');
    expect(chineseNumber(13)).toBe('十三');
    expect(chineseNumber(23)).toBe('二十三');
    expect(chineseNumber(40)).toBe('四十');
  });
});

describe('ids', () => {
  it('uuidv7 matches UUID_RE and sorts by creation time', () => {
    const rng = seededRandom(42);
    const base = Date.UTC(2025, 8, 1);
    const ids = [0, 1, 2, 1000, 86_400_000, 86_400_000 * 400].map((d) => uuidv7(base + d, rng.bytes));
    for (const id of ids) expect(id).toMatch(UUID_RE);
    expect([...ids].sort()).toEqual(ids);
    // the timestamp is readable from the first 48 bits
    expect(parseInt(ids[0].replace(/-/g, '').slice(0, 12), 16)).toBe(base);
  });

  it('is time-ordered even when the random part would sort the other way', () => {
    const hi = () => new Uint8Array(16).fill(0xff);
    const lo = () => new Uint8Array(16).fill(0x00);
    const a = uuidv7(1_700_000_000_000, hi);
    const b = uuidv7(1_700_000_000_001, lo);
    expect(a).toMatch(UUID_RE);
    expect(b).toMatch(UUID_RE);
    expect(a < b).toBe(true);
  });

  it('seeded ids are deterministic, system ids are unique', () => {
    const x = uuidv7(1_700_000_000_000, seededRandom(7).bytes);
    const y = uuidv7(1_700_000_000_000, seededRandom(7).bytes);
    expect(x).toBe(y);
    const many = new Set(Array.from({ length: 1000 }, () => uuidv7()));
    expect(many.size).toBe(1000);
    for (const id of many) expect(id).toMatch(UUID_RE);
  });
});

describe("a stage's years, written once", () => {
  it('小学 six years, 初中 and 高中 three: the labels, the at-school test and the SQL search filter agree', () => {
    const db = new Database(':memory:');
    for (const stage of [...STAGES, null]) {
      const n = stageYears(stage);
      expect(n).toBe(gradeNames(stage ?? '小学').length);
      expect(db.prepare(`SELECT ${stageYearsSql('?')} AS n`).get(stage)).toEqual({ n });
      // Entered 2020: at school through the 学年 starting 2020 + n − 1, graduated the next.
      expect(atSchoolOn(stage, 2020, `${2020 + n - 1}-10-01`)).toBe(true);
      expect(atSchoolOn(stage, 2020, `${2020 + n}-10-01`)).toBe(false);
      expect(gradeLabelOf(stage ?? '小学', 2020, `${2020 + n}-10-01`)).toBe('已毕业');
      expect(atSchoolOn(stage, 2020, '2020-08-01')).toBe(false); // 未入学
      // 已毕业 is the one label isGraduated answers true for: not at school, and not 未入学 either.
      expect(isGraduated(stage, 2020, `${2020 + n - 1}-10-01`)).toBe(false);
      expect(isGraduated(stage, 2020, `${2020 + n}-10-01`)).toBe(true);
      expect(isGraduated(stage, 2020, '2020-08-01')).toBe(false);
    }
    db.close();
  });
});
