// The demo archive: a plausible small school after three 学年, deterministic from a seed.
// Used by `keji demo`, `npm run web`, and tests that need realistic data.
import sharp from 'sharp';
import recipe from '../../../resources/demo/recipe.json';

import { chineseNumber } from '../../../shared/domain/format';
import { seededRandom } from '../../../shared/domain/ids';
import { fixedClock } from '../clock';
import { openArchive, type Archive } from '../db/open';
import * as activities from '../activities/queries';
import * as awards from '../awards/queries';
import { findOrCreateCompetition } from '../competitions/queries';
import * as groups from '../groups/queries';
import * as people from '../people/queries';
import { setSettings } from '../settings';
import * as works from '../works/queries';
import { addMedia, linkMedia } from '../media/store';

export interface DemoOptions {
  seed?: number;
  photos?: boolean;
  photosPerActivity?: number;
}
export const DEMO_YEARS = [2024, 2025, 2026] as const;
/** "Today" of the demo: the 2026—2027学年 autumn is in progress. */
export const DEMO_TODAY = '2026-11-20';

export async function createDemoArchive(
  dir: string,
  opts: DemoOptions = {},
): Promise<{ counts: Record<string, number> }> {
  const rng = seededRandom(opts.seed ?? 20260901);
  const clock = fixedClock(new Date('2024-08-25T08:00:00Z'), rng.bytes, 60_000);
  const a = openArchive(dir, { create: true, clock });
  try {
    const photos: { activityId: string; seed: number; takenAt: string }[] = [];
    a.db.transaction(() => fill(a, rng.next, photos))();
    if (opts.photos !== false) await addPhotos(a, photos.slice(0, (opts.photosPerActivity ?? 2) * 60));
    const count = (t: string) =>
      a.db.prepare(`SELECT COUNT(*) FROM ${t} WHERE deleted_at IS NULL`).pluck().get() as number;
    return {
      counts: {
        people: count('people'),
        activities: count('activities'),
        works: count('works'),
        awards: count('awards'),
        media: count('media'),
      },
    };
  } finally {
    a.close();
  }
}

function fill(a: Archive, rand: () => number, photos: { activityId: string; seed: number; takenAt: string }[]): void {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const shuffle = <T>(xs: T[]) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  setSettings(a, { schoolName: recipe.school });

  // People: 6 grades × 2 classes × 14 students; entry years so that in 2026—2027 they are 一…六年级.
  const usedNames = new Set<string>();
  const makeName = () => {
    for (;;) {
      const n = pick(recipe.surnames) + pick(recipe.givenChars) + (rand() < 0.75 ? pick(recipe.givenChars) : '');
      if (!usedNames.has(n)) {
        usedNames.add(n);
        return n;
      }
    }
  };
  const students: { id: string; entryYear: number; classNo: number }[] = [];
  let seq = 0;
  for (let entry = 2021; entry <= 2026; entry++) {
    for (let classNo = 1; classNo <= 2; classNo++) {
      for (let k = 0; k < 14; k++) {
        // A few names a search must reach: 多音字 surnames (曾, 单) and the 张树茂.
        const fixed = ['张树茂', '曾小红', '单雨涵', '欧阳晓明'][seq];
        const name = fixed ?? makeName();
        usedNames.add(name);
        const p = people.createPerson(a, {
          kind: 'student',
          name,
          gender: rand() < 0.5 ? '男' : '女',
          stage: '小学',
          entryYear: entry,
          classNo,
          studentNo: `${entry}${classNo}${String(k + 1).padStart(2, '0')}`,
          guardianPhone: `13${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`,
        });
        students.push({ id: p.id, entryYear: entry, classNo });
        seq++;
      }
    }
  }
  // Last year's 六年级 graduated: kept, archived.
  const graduates = [];
  for (let k = 0; k < 12; k++) {
    const p = people.createPerson(a, {
      kind: 'student',
      name: makeName(),
      gender: k % 2 ? '男' : '女',
      stage: '小学',
      entryYear: 2020,
      classNo: 1 + (k % 2),
    });
    people.setArchived(a, p.id, true);
    graduates.push({ id: p.id, entryYear: 2020, classNo: 1 + (k % 2) });
  }
  const teachers = recipe.teachers.map(
    (t) => people.createPerson(a, { kind: 'teacher', ...t, gender: t.gender as '男' | '女' }).id,
  );

  // Groups with members from 三至六年级 (as of 2024), joining in September 2024.
  const older = [...graduates, ...students.filter((s) => s.entryYear <= 2023)];
  const groupIds: string[] = [];
  const groupMembers: string[][] = [];
  recipe.groups.forEach((g, gi) => {
    const grp = groups.createGroup(a, { name: g.name, description: g.description, teacherId: teachers[g.teacher] });
    const members = shuffle(older.map((s) => s.id)).slice(0, 12 + gi);
    groups.join(a, grp.id, members, '2024-09-10');
    groupIds.push(grp.id);
    groupMembers.push(members);
  });

  // 60 activities over three 学年: 20 per year, spread across the months.
  const months = [9, 10, 10, 11, 11, 12, 12, 1, 3, 3, 4, 4, 5, 5, 5, 6, 6, 9, 10, 11];
  let n = 0;
  for (const year of DEMO_YEARS) {
    for (let k = 0; k < 20; k++, n++) {
      const tpl = recipe.activities[n % recipe.activities.length];
      const m = months[k];
      const y = m >= 9 ? year : year + 1;
      // The current 学年 (2026—2027) has September–November done and the rest planned.
      const month = year === 2026 && k >= 8 ? [11, 12, 12, 12, 1, 1, 3, 3, 4, 4, 5, 5][k - 8] : m;
      const day0 = 3 + Math.floor(rand() * 24);
      // No activity in the winter vacation (from mid-January).
      const startDate = `${year === 2026 && k >= 8 ? (k < 14 ? 2026 : 2027) : y}-${String(month).padStart(2, '0')}-${String(month === 1 ? Math.min(day0, 12) : day0).padStart(2, '0')}`;
      const future = startDate > DEMO_TODAY;
      // Days with a fixed date keep it: 5·12 in May, 科技活动周 in May; other months get the plain title.
      const picked = pick(tpl.titles).replace('{n}', chineseNumber(year - 2016));
      const title =
        picked.startsWith('5·12') && month !== 5
          ? '防震减灾应急疏散演练'
          : picked.startsWith('科技活动周') && month !== 5
            ? '校园科技节成果展'
            : picked;
      const location = title.includes('气象局')
        ? '市气象局'
        : title.includes('农业示范园')
          ? '县现代农业示范园'
          : tpl.location;
      const teacher = 'group' in tpl && tpl.group !== undefined ? recipe.groups[tpl.group].teacher : n % 3;
      const participants =
        'group' in tpl && tpl.group !== undefined ? groupMembers[tpl.group].slice(0, 8 + Math.floor(rand() * 5)) : [];
      const headCount = 'headCount' in tpl && tpl.headCount ? 560 + Math.floor(rand() * 80) : null;
      const status = future ? 'planned' : n % 19 === 7 ? 'cancelled' : 'done';
      const act = activities.createActivity(a, {
        title,
        type: tpl.type,
        status,
        startDate,
        endDate:
          tpl.type === '科技节/科技周'
            ? startDate.slice(0, 8) + String(Math.min(28, Number(startDate.slice(8)) + 4)).padStart(2, '0')
            : null,
        location,
        teacherIds: [teachers[teacher]],
        participantIds: participants,
        headCount,
        headCountNote: headCount ? '全校学生' : null,
        groupId: 'group' in tpl && tpl.group !== undefined ? groupIds[tpl.group] : null,
        content: `${title}。由${recipe.teachers[teacher].name}老师组织，面向${headCount ? '全校学生' : recipe.groups[('group' in tpl ? tpl.group : 0) ?? 0].name + '成员'}开展。`,
        process:
          status === 'done'
            ? `活动按计划进行：教师讲解、学生分组实践、交流展示。学生积极参与，记录了观察结果和制作过程。`
            : null,
        reflection: status === 'done' ? '学生兴趣浓厚，动手能力得到锻炼；部分学生记录不够规范，今后需加强指导。' : null,
        tags: tpl.type === '防震减灾演练' ? ['安全教育'] : tpl.type === '科技节/科技周' ? ['科技节'] : [],
      });
      // Plans change: some planned activities were moved once or twice.
      if (status === 'planned' && k % 2 === 0) {
        const moved = activities.rescheduleActivity(a, act.id, shiftDays(startDate, 7), null, '与期中考试时间冲突');
        if (k % 4 === 0) activities.rescheduleActivity(a, moved.id, shiftDays(startDate, 14), null, '天气原因');
      }
      if (status === 'done')
        photos.push(
          { activityId: act.id, seed: n, takenAt: `${startDate}T02:30:00.000Z` },
          { activityId: act.id, seed: n + 100, takenAt: `${startDate}T03:10:00.000Z` },
        );
    }
  }

  // 60 works across the categories; 科幻画 individual, some collective (≤3 authors).
  const categories = Object.entries(recipe.works) as [string, string[]][];
  const workList: { id: string; category: string; year: number }[] = [];
  let w = 0;
  for (const [category, titles] of categories) {
    for (const title of titles) {
      const year = DEMO_YEARS[w % 2]; // awards for works come in 2024—2025 and 2025—2026
      const eligible = students.filter((s) => s.entryYear <= year - 2);
      const nAuthors =
        category === '少年儿童科学幻想绘画' || category === '小论文'
          ? 1
          : title === '教室空气质量监测仪'
            ? 3
            : rand() < 0.3
              ? 2
              : 1;
      const authors = shuffle([...eligible])
        .slice(0, nAuthors)
        .map((s) => s.id);
      const advisor =
        category === '少年儿童科学幻想绘画'
          ? 2
          : category === '模型' || category.startsWith('青少年科技创新')
            ? 0
            : w % 2;
      const work = works.createWork(a, {
        title,
        category,
        stage: '小学',
        authorIds: authors,
        advisorIds: [teachers[advisor], ...(nAuthors > 1 ? [teachers[(advisor + 1) % 3]] : [])],
        subject:
          category === '少年儿童科学幻想绘画' ? null : pick(['物质科学', '生命科学', '地球环境与宇宙科学', '技术']),
        summary: `《${title}》是学生在科技活动中完成的${category}作品。`,
      });
      workList.push({ id: work.id, category, year });
      w++;
    }
  }

  // Competitions per year and level; 届次 counted from a plausible first year.
  const comp = (idx: number, year: number) => {
    const c = recipe.competitions[idx];
    // Each level's contest began in its own year: 青山镇学区 2019, 秦安县 2009, 天水市 2002 (第二十三届 in 2025), 甘肃省 1995, 全国 1986.
    const session = `第${chineseNumber(year - [2016, 2009, 2002, 1995, 1986, 1990, 2019][idx])}届`;
    return findOrCreateCompetition(a, { name: c.name, level: c.level, organizer: c.organizer, year, session });
  };
  const LEVEL_IDX: Record<string, number> = { 校级: 0, 县级: 1, 市级: 2, 省级: 3, 国家级: 4, '乡镇/学区级': 6 };
  const dateFor = (level: string, year: number) => {
    const md = (
      { 校级: '11-20', '乡镇/学区级': '11-06', 县级: '12-18', 市级: '04-22', 省级: '06-15', 国家级: '08-10' } as Record<
        string,
        string
      >
    )[level]!;
    const y = Number(md.slice(0, 2)) >= 9 ? year : year + 1;
    return `${y}-${md}`;
  };
  let certNo = 1;
  const award = (
    workId: string | null,
    level: string,
    grade: string,
    year: number,
    category: string | null,
    promotedFromId: string | null = null,
    compIdx = LEVEL_IDX[level],
  ) =>
    awards.createAward(a, {
      competitionId: comp(compIdx, year).id,
      recipientKind: workId ? 'work' : 'school',
      workId,
      level,
      grade,
      category,
      certificateNo: workId ? `${year}-${String(certNo++).padStart(4, '0')}` : null,
      awardedOn: dateFor(level, year),
      promotedFromId,
    }).id;

  const LEVELS = ['县级', '市级', '省级', '国家级'];
  const gradeFor = (category: string) =>
    category === '模型'
      ? pick(['金牌', '银牌', '铜牌'])
      : pick(['一等奖', '二等奖', '二等奖', '三等奖', '三等奖', '优秀奖']);
  let total = 0;
  // Special cases first: a work promoted 县→市→省; a national 科幻画 一等奖; a 特等奖 and a 专项奖 at school level.
  const chain = workList.find((x) => x.category === '青少年科技创新成果')!;
  let prev = award(chain.id, '县级', '一等奖', 2024, chain.category);
  prev = award(chain.id, '市级', '一等奖', 2024, chain.category, prev);
  award(chain.id, '省级', '二等奖', 2024, chain.category, prev);
  total += 3;
  // 模型 works come last in the list and never reached the loop below: give them their medals here.
  workList
    .filter((x) => x.category === '模型')
    .forEach((x, i) => {
      award(x.id, '校级', ['金牌', '银牌', '铜牌'][i % 3], x.year, x.category);
      total++;
    });
  const painting = workList.find((x) => x.category === '少年儿童科学幻想绘画'); // goes all the way to 国家级
  let schoolNo = 0; // `total` skips values inside the loop, so count the school awards for the 特等奖 / 专项奖 cases
  for (const x of workList) {
    if (x === chain) continue;
    if (total >= 85) break;
    const isPainting = x.category === '少年儿童科学幻想绘画';
    // School selection first, then upwards with falling odds.
    award(
      x.id,
      '校级',
      schoolNo === 1 ? '特等奖' : schoolNo === 6 ? '专项奖' : gradeFor(x.category),
      x.year,
      x.category,
    );
    total++;
    schoolNo++;
    let from: string | null = null;
    for (const [li, level] of LEVELS.entries()) {
      if (total >= 85 || (x !== painting && rand() > [0.55, 0.45, 0.3, isPainting ? 0.35 : 0.12][li])) break;
      from = award(
        x.id,
        level,
        level === '国家级' && isPainting ? '一等奖' : gradeFor(x.category),
        x.year,
        x.category,
        from,
        level === '国家级' && x.category === '模型' ? 5 : LEVEL_IDX[level],
      );
      total++;
    }
  }
  // A teacher's own award (科技辅导员创新成果), and the school's 优秀组织奖 each year.
  awards.createAward(a, {
    competitionId: comp(2, 2025).id,
    recipientKind: 'person',
    personId: teachers[0],
    level: '市级',
    grade: '二等奖',
    category: '科技辅导员科技教育创新成果',
    awardedOn: '2026-04-22',
    certificateNo: '2025-T001',
  });
  total++;
  award(null, '市级', '优秀组织奖', 2024, null);
  award(null, '市级', '优秀组织奖', 2025, null);
  award(null, '县级', '优秀组织单位', 2025, null); // December 2025: nothing in the demo lies after its 'today'
  total += 3;
  // Top up with awards of the current 学年: the first from the 青山镇学区 小制作 contest (so the demo
  // holds every level, 乡镇/学区级 included), the rest from the school's own 科技节.
  let topUp = 0;
  while (total < 90) {
    const x = workList[total % workList.length];
    award(x.id, topUp++ === 0 ? '乡镇/学区级' : '校级', gradeFor(x.category), 2026, x.category);
    total++;
  }
}

function shiftDays(date: string, days: number): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + days * 86400000).toISOString().slice(0, 10);
}

/** Placeholder photos: a simple drawn scene per activity, so galleries have something real to show. */
async function addPhotos(a: Archive, list: { activityId: string; seed: number; takenAt: string }[]): Promise<void> {
  const palette = ['#4f86c6', '#6aa84f', '#e69138', '#c27ba0', '#45818e', '#a64d79', '#3d85c6', '#93c47d'];
  for (const p of list) {
    const c1 = palette[p.seed % palette.length];
    const c2 = palette[(p.seed * 3 + 1) % palette.length];
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
      <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${c1}"/><stop offset="1" stop-color="#f4f1e8"/></linearGradient></defs>
      <rect width="800" height="600" fill="url(#g)"/>
      <rect y="420" width="800" height="180" fill="${c2}" opacity="0.7"/>
      <circle cx="${120 + ((p.seed * 37) % 560)}" cy="${110 + ((p.seed * 13) % 80)}" r="46" fill="#fff6c8"/>
      ${Array.from({ length: 6 }, (_, i) => `<circle cx="${90 + i * 120}" cy="${430 - (i % 2) * 18}" r="26" fill="#2d2d2d" opacity="0.55"/><rect x="${70 + i * 120}" y="${452 - (i % 2) * 18}" width="40" height="70" rx="14" fill="#2d2d2d" opacity="0.45"/>`).join('')}
    </svg>`;
    const bytes = await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
    a.db.transaction(() => {
      const { id } = addMedia(a, bytes, {
        ext: 'jpg',
        kind: 'photo',
        mime: 'image/jpeg',
        originalName: `IMG_${p.takenAt.slice(0, 10).replace(/-/g, '')}_${p.seed}.jpg`,
        takenAt: p.takenAt,
        width: 800,
        height: 600,
        orientation: 1,
      });
      linkMedia(a, id, 'activity', p.activityId);
      a.db.prepare('UPDATE activities SET cover_media_id=COALESCE(cover_media_id, ?) WHERE id=?').run(id, p.activityId);
    })();
  }
}
