// Search through the one entry point every host uses: Chinese of any length, mixed
// Latin/digits, pinyin with 多音字 names, filters with text, ranking and grouping, the trash, and an
// index that stays equal to the records after every kind of write — including a merge's raw
// INSERT OR REPLACE — because SQL triggers keep it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { SearchHit, SearchInput, SearchResult } from '../../shared/calls/search';
import type { Archive } from '../../electron/core/db/open';
import { addMedia } from '../../electron/core/media/store';
import { reindex, staleDocs } from '../../electron/core/search/reindex';
import { pinyinTerms, textTerms } from '../../electron/core/search/terms';
import { caller, HAS_CHINESE, newArchive, type Caller } from './helpers';

let a: Archive;
let c: Caller;
beforeEach(() => {
  a = newArchive({ start: '2025-10-15T08:00:00Z' }); // 2025—2026学年第一学期
  c = caller(a);
});
afterEach(() => a.close());

const search = (text: string, extra: Partial<SearchInput> = {}) => c.ok('search.query', { text, ...extra });
const hits = (r: SearchResult) => r.groups.flatMap((g) => g.hits);
const titles = (r: SearchResult) => hits(r).map((h) => h.title);
const hitOf = (r: SearchResult, title: string) => hits(r).find((h) => h.title === title);
/** The text a hit highlights, range by range. */
const marked = (h: SearchHit | undefined) => h?.titleRanges.map(([s, e]) => h.title.slice(s, e)) ?? [];
const snippetMarks = (h: SearchHit | undefined) => h?.snippetRanges.map(([s, e]) => h.snippet!.slice(s, e)) ?? [];

/** Every term in both FTS tables, per doc, equals what the doc's text gives now. */
function ftsMismatches(db: Database.Database): string[] {
  const bad: string[] = [];
  const docs = db.prepare('SELECT doc, kind, title, body FROM search_docs').all() as {
    doc: number;
    kind: string;
    title: string;
    body: string;
  }[];
  for (const [table, cols] of [
    ['search_fts', ['title', 'body', 'pinyin']],
    ['search_titles', ['title', 'pinyin']],
  ] as const) {
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${table}_vocab USING fts5vocab(main, ${table}, instance)`);
    const actual = new Map<number, string[]>();
    for (const r of db.prepare(`SELECT term, doc, col, "offset" AS o FROM temp.${table}_vocab`).all() as {
      term: string;
      doc: number;
      col: string;
      o: number;
    }[]) {
      (actual.get(r.doc) ?? actual.set(r.doc, []).get(r.doc)!).push(`${r.col}:${r.o}:${r.term}`);
    }
    for (const d of docs) {
      const text: Record<string, string> = {
        title: textTerms(d.title),
        body: textTerms(d.body),
        pinyin: pinyinTerms(d.title, d.kind === 'student' || d.kind === 'teacher'),
      };
      const want = cols
        .flatMap((col) => (text[col] ? text[col].split(' ') : []).map((t, i) => `${col}:${i}:${t}`))
        .sort();
      const got = (actual.get(d.doc) ?? []).sort();
      if (JSON.stringify(want) !== JSON.stringify(got)) bad.push(`${table}: doc ${d.doc} ${d.title}`);
      actual.delete(d.doc);
    }
    for (const doc of actual.keys()) bad.push(`${table}: orphan terms of doc ${doc}`);
  }
  return bad;
}
const expectConsistent = () => {
  expect(staleDocs(a.db)).toEqual([]);
  expect(ftsMismatches(a.db)).toEqual([]);
};

async function seed() {
  const wang = await c.ok('people.create', { kind: 'teacher', name: '王丽华', subject: '科学' });
  const li = await c.ok('people.create', { kind: 'teacher', name: '李建国', subject: '信息技术' });
  const zhang = await c.ok('people.create', { kind: 'student', name: '张树茂', entryYear: 2021, classNo: 2 });
  const zeng = await c.ok('people.create', { kind: 'student', name: '曾小红', entryYear: 2021, classNo: 1 });
  const shan = await c.ok('people.create', { kind: 'student', name: '单雨涵', entryYear: 2022, classNo: 1 });
  const ouyang = await c.ok('people.create', { kind: 'student', name: '欧阳晓明', entryYear: 2019, classNo: 1 });
  const team = await c.ok('groups.create', {
    name: '航模队',
    description: '航空、航海模型的制作与竞赛',
    teacherId: li.id,
  });
  const drill = await c.ok('activities.create', {
    title: '防震减灾应急疏散演练',
    type: '防震减灾演练',
    startDate: '2025-05-12',
    teacherIds: [wang.id],
    participantIds: [zhang.id],
    content: '全校学生参加应急疏散',
    reflection: '下次结合航模活动开展',
  });
  const flying = await c.ok('activities.create', {
    title: '航模训练',
    type: '模型',
    startDate: '2025-10-10',
    teacherIds: [li.id],
    participantIds: [zeng.id],
    groupId: team.id,
    process: '在西湖边放飞橡筋动力航模',
    tags: ['户外'],
  });
  const printing = await c.ok('activities.create', {
    title: '3D打印体验课',
    type: '三小活动',
    startDate: '2024-11-05',
    teacherIds: [wang.id],
    content: '学生使用3D打印机制作模型，并用科学DV拍摄过程',
  });
  const monitor = await c.ok('works.create', {
    title: '教室空气质量监测仪',
    category: '青少年科技创新成果',
    authorIds: [zhang.id, shan.id],
    advisorIds: [wang.id],
  });
  const painting = await c.ok('works.create', {
    title: '未来的航模城市',
    category: '少年儿童科学幻想绘画',
    authorIds: [zeng.id],
    advisorIds: [li.id],
  });
  const contest = await c.ok('competitions.create', {
    name: '天水市青少年科技创新大赛',
    session: '第二十三届',
    year: 2025,
    level: '市级',
  });
  const first = await c.ok('awards.create', {
    competitionId: contest.id,
    recipientKind: 'work',
    workId: monitor.id,
    level: '市级',
    grade: '一等奖',
    awardedOn: '2025-04-22',
    certificateNo: 'TS2025-018',
  });
  const second = await c.ok('awards.create', {
    recipientKind: 'person',
    personId: zeng.id,
    level: '县级',
    grade: '二等奖',
    awardedOn: '2025-11-02',
  });
  const photo = addMedia(a, new Uint8Array([1, 2, 3]), {
    ext: 'jpg',
    kind: 'photo',
    mime: 'image/jpeg',
    originalName: 'IMG_0001.JPG',
    caption: '航模比赛现场',
    takenAt: '2025-10-10T03:00:00.000Z',
  });
  const doc = addMedia(a, new Uint8Array([4, 5, 6]), {
    ext: 'pdf',
    kind: 'document',
    mime: 'application/pdf',
    originalName: '科技节活动方案.pdf',
  });
  return {
    wang,
    li,
    zhang,
    zeng,
    shan,
    ouyang,
    team,
    drill,
    flying,
    printing,
    monitor,
    painting,
    contest,
    first,
    second,
    photo,
    doc,
  };
}

describe('Chinese of any length', () => {
  it('finds two-character and one-character queries, which trigram indexes cannot', async () => {
    await seed();
    const r = await search('防震');
    expect(titles(r)).toEqual(['防震减灾应急疏散演练']);
    expect(marked(hitOf(r, '防震减灾应急疏散演练'))).toEqual(['防震']);

    const one = await search('航');
    expect(titles(one)).toEqual(expect.arrayContaining(['航模训练', '未来的航模城市', '航模队', '航模比赛现场']));
    expect(marked(hitOf(one, '航模队'))).toEqual(['航']);
  });

  it('finds a substring inside a longer word (湖边 in 西湖边) and shows it in a snippet of the record', async () => {
    await seed();
    const h = hitOf(await search('湖边'), '航模训练');
    expect(h?.titleRanges).toEqual([]);
    expect(h?.snippet).toContain('西湖边');
    expect(snippetMarks(h)).toEqual(['湖边']);
  });

  it('finds long queries and requires every space-separated part', async () => {
    await seed();
    expect(titles(await search('应急疏散演练'))).toEqual(['防震减灾应急疏散演练']);
    expect(titles(await search('减灾 疏散'))).toEqual(['防震减灾应急疏散演练']);
    expect(titles(await search('减灾 空气'))).toEqual([]);
    expect(titles(await search('演练疏散'))).toEqual([]); // characters in another order are another word
  });

  it('mixes Chinese, digits and Latin, in any case and width: 3D打印, DV, ３ｄ打印', async () => {
    await seed();
    for (const q of ['3D打印', '3d打印', '３Ｄ打印', '3D']) {
      const h = hitOf(await search(q), '3D打印体验课');
      expect(h, q).toBeDefined();
      expect(h!.titleRanges[0][0], q).toBe(0);
    }
    const dv = hitOf(await search('DV'), '3D打印体验课');
    expect(snippetMarks(dv)).toEqual(['DV']);
    expect(snippetMarks(hitOf(await search('科学dv'), '3D打印体验课'))).toEqual(['科学DV']);
    expect(titles(await search('打印机'))).toEqual(['3D打印体验课']);
  });

  it('treats query syntax as plain text and answers nothing for punctuation alone', async () => {
    await seed();
    for (const q of ['"航模" OR *', 'NEAR(航模', 'AND', '航模)', '{title}:航模', '^航模']) {
      const r = await c.d('search.query', { text: q });
      expect(r.ok, q).toBe(true);
    }
    expect(titles(await search('《航模》'))).toEqual(titles(await search('航模')));
    expect(await search('，。！')).toEqual({ text: '，。！', total: 0, capped: false, groups: [] });
  });

  it('finds captions, document names, award certificate numbers and competitions', async () => {
    await seed();
    expect(titles(await search('比赛现场'))).toEqual(['航模比赛现场']);
    expect(titles(await search('活动方案'))).toEqual(['科技节活动方案.pdf']);
    expect(titles(await search('TS2025-018'))).toEqual(['《教室空气质量监测仪》市级一等奖']);
    const r = await search('科技创新大赛');
    expect(r.groups.map((g) => g.kind).sort()).toEqual(['award', 'competition']);
    expect(titles(r)).toContain('第二十三届天水市青少年科技创新大赛');
  });
});

describe('pinyin of names and titles', () => {
  it('full pinyin, initials, with spaces, in capitals, and cut short all find 张树茂', async () => {
    await seed();
    for (const q of ['zhangshumao', 'zsm', 'zhang shu mao', 'ZSM', 'zhangs', 'zhang']) {
      const h = hitOf(await search(q), '张树茂');
      expect(h?.via, q).toBe('pinyin');
      expect(h?.kind).toBe('student');
    }
    expect(marked(hitOf(await search('zsm'), '张树茂'))).toEqual(['张树茂']);
    expect(marked(hitOf(await search('zhangs'), '张树茂'))).toEqual(['张树']);
    expect(marked(hitOf(await search('shumao'), '张树茂'))).toEqual(['树茂']);
  });

  it('a name typed as its first syllable in full and the rest as initials: zhangsm, shum, zengxh', async () => {
    await seed();
    expect(marked(hitOf(await search('zhangsm'), '张树茂'))).toEqual(['张树茂']);
    expect(hitOf(await search('zhangsm'), '张树茂')?.via).toBe('pinyin');
    expect(marked(hitOf(await search('shum'), '张树茂'))).toEqual(['树茂']);
    for (const q of ['zengxh', 'cengxh']) expect(titles(await search(q)), q).toContain('曾小红');
    // Titles keep full and initials only: a mixed spelling is for names.
    expect(titles(await search('zhangsmx'))).toEqual([]);
  });

  it('every reading of 多音字 reaches the name: 曾 zeng/ceng, 单 shan/dan, 欧阳', async () => {
    await seed();
    for (const q of ['zengxiaohong', 'cengxiaohong', 'zxh', 'cxh'])
      expect(titles(await search(q)), q).toContain('曾小红');
    for (const q of ['shanyuhan', 'danyuhan', 'syh', 'dyh']) expect(titles(await search(q)), q).toContain('单雨涵');
    for (const q of ['ouyangxiaoming', 'oyxm']) expect(titles(await search(q)), q).toContain('欧阳晓明');
  });

  it('titles are reachable by pinyin too', async () => {
    await seed();
    expect(titles(await search('hmxl'))).toContain('航模训练');
    expect(titles(await search('hangmo'))).toEqual(expect.arrayContaining(['航模训练', '航模队']));
    expect(marked(hitOf(await search('kqzl'), '教室空气质量监测仪'))).toEqual(['空气质量']);
  });

  it('a letters-only query also matches Latin words in the text', async () => {
    await seed();
    expect(titles(await search('dv'))).toContain('3D打印体验课');
    expect(titles(await search('xyzq'))).toEqual([]);
  });
});

describe('ranking and grouping', () => {
  it('groups by kind; the exact title comes first, then titles, then records that only mention it', async () => {
    const s = await seed();
    const r = await search('航模训练');
    expect(hits(r)[0]).toMatchObject({
      kind: 'activity',
      id: s.flying.id,
      title: '航模训练',
      titleRanges: [[0, 4]],
      via: 'text',
    });

    const broad = await search('航模');
    const acts = broad.groups.find((g) => g.kind === 'activity')!;
    // the title match before the activity that only mentions 航模 in its reflection
    expect(acts.hits.map((h) => h.title)).toEqual(['航模训练', '防震减灾应急疏散演练']);
    expect(acts.total).toBe(2);
    expect(acts.hits[1].snippet).toContain('航模');
    expect(broad.groups.map((g) => g.kind)).toEqual(expect.arrayContaining(['activity', 'group', 'work', 'media']));
    expect(broad.total).toBe(hits(broad).length);
    // in every group, title hits before body-only hits; groups led by a title hit before the others
    const kindOf = (h: SearchHit) => (h.titleRanges.length ? 'title' : 'body');
    for (const g of broad.groups) expect(g.hits.map(kindOf).join()).toMatch(/^(title,?)*(body,?)*$/);
    expect(broad.groups.map((g) => kindOf(g.hits[0])).join()).toMatch(/^(title,?)*(body,?)*$/);
  });

  it('shows the top `limit` hits, and counts the rest', async () => {
    await seed();
    for (let i = 0; i < 12; i++)
      await c.ok('activities.create', { title: `航模例会第${i + 1}次`, type: '兴趣小组例会', startDate: '2025-10-20' });
    const r = await search('航模', { limit: 5 });
    expect(hits(r)).toHaveLength(5);
    expect(r.total).toBeGreaterThan(12);
    expect(r.capped).toBe(false);
    expect(r.groups.find((g) => g.kind === 'activity')!.total).toBe(14);
  });

  it('past the counting cap, an old record whose title matches still ranks before newer mentions', async () => {
    await c.ok('activities.create', { title: '天文观测', type: '科普讲座', startDate: '2019-10-01' });
    await c.ok('activities.create', { title: '业余天文爱好者讲座', type: '科普讲座', startDate: '2019-11-01' });
    const ins = a.db
      .prepare(`INSERT INTO activities (id, created_at, updated_at, title, type, status, start_date, content)
      VALUES (?, 't', 't', ?, '兴趣小组例会', 'done', '2025-10-01', '本次例会讨论了天文望远镜的使用')`);
    a.db.transaction(() => {
      for (let i = 0; i < 230; i++) ins.run(`0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`, `例会${i}`);
    })();
    const r = await search('天文', { limit: 10 });
    expect(r.capped).toBe(true);
    expect(r.total).toBe(200);
    expect(titles(r).slice(0, 3)).toEqual(['天文观测', '业余天文爱好者讲座', '例会229']);
    expect(hits(r)[2].snippet).toContain('天文望远镜');
  });

  it('details tell hits apart: dates, class, category and authors', async () => {
    await seed();
    expect(hitOf(await search('疏散'), '防震减灾应急疏散演练')?.detail).toEqual(['2025年5月12日', '防震减灾演练']);
    expect(hitOf(await search('张树茂'), '张树茂')?.detail).toEqual(['五年级(2)班']);
    expect(hitOf(await search('监测仪'), '教室空气质量监测仪')?.detail).toEqual([
      '青少年科技创新成果',
      '张树茂、单雨涵',
    ]);
    const award = hitOf(await search('监测仪'), '《教室空气质量监测仪》市级一等奖');
    expect(award?.detail).toEqual(['2025年4月22日', '第二十三届天水市青少年科技创新大赛']);
    for (const h of hits(await search('航'))) for (const d of h.detail) expect(d).not.toMatch(/undefined|null/);
  });

  it('a student name finds the student, then the works and awards that credit them', async () => {
    await seed();
    const r = await search('张树茂');
    expect(hits(r)[0]).toMatchObject({ kind: 'student', title: '张树茂' });
    expect(titles(r)).toEqual(expect.arrayContaining(['教室空气质量监测仪', '《教室空气质量监测仪》市级一等奖']));
  });
});

describe('filters, alone and with text', () => {
  it('学年 and 学期', async () => {
    await seed();
    const year = await search('', { schoolYear: 2024, kinds: ['activity', 'award', 'work'] });
    expect(titles(year).sort()).toEqual(
      ['3D打印体验课', '《教室空气质量监测仪》市级一等奖', '教室空气质量监测仪', '防震减灾应急疏散演练'].sort(),
    );
    expect(hits(year).every((h) => h.via === 'filter')).toBe(true);
    const spring = await search('', { schoolYear: 2024, term: 2, kinds: ['activity'] });
    expect(titles(spring)).toEqual(['防震减灾应急疏散演练']);
    expect(titles(await search('航模', { schoolYear: 2025, kinds: ['activity'] }))).toEqual(['航模训练']);
    // students at school that 学年: 欧阳晓明 (entered 2019) left 小学 in 2025
    expect(titles(await search('', { schoolYear: 2025, kinds: ['student'] })).sort()).toEqual([
      '单雨涵',
      '张树茂',
      '曾小红',
    ]);
    expect(titles(await search('', { schoolYear: 2024, kinds: ['student'] }))).toContain('欧阳晓明');
  });

  it('a 学期 without its 学年 is refused with a Chinese message', async () => {
    const e = await c.fail('search.query', { text: '航模', term: 1 });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(HAS_CHINESE);
    expect(e.message).toContain('学年');
  });

  it('type, level, grade', async () => {
    await seed();
    expect(titles(await search('航模', { type: '模型' }))).toEqual(['航模训练']);
    expect(titles(await search('', { type: '少年儿童科学幻想绘画' }))).toEqual(['未来的航模城市']);
    expect(titles(await search('', { level: '市级' })).sort()).toEqual(
      ['《教室空气质量监测仪》市级一等奖', '教室空气质量监测仪', '第二十三届天水市青少年科技创新大赛'].sort(),
    );
    expect(titles(await search('监测', { level: '县级' }))).toEqual([]);
    expect(titles(await search('', { grade: '二等奖' }))).toEqual(['曾小红 县级二等奖']);
  });

  it('class: the students, and the activities, works and awards that credit them', async () => {
    await seed();
    const r = await search('', { classOf: { entryYear: 2021, classNo: 2 } });
    expect(titles(r).sort()).toEqual(
      ['《教室空气质量监测仪》市级一等奖', '张树茂', '教室空气质量监测仪', '防震减灾应急疏散演练'].sort(),
    );
    expect(titles(await search('zxh', { classOf: { entryYear: 2021 } }))).toContain('曾小红');
    expect(titles(await search('zxh', { classOf: { entryYear: 2021, classNo: 2 } }))).toEqual([]);
  });

  it('teacher: their activities, advised works, groups and themselves', async () => {
    const s = await seed();
    const r = await search('', { teacherId: s.li.id });
    expect(titles(r).sort()).toEqual(['未来的航模城市', '李建国', '航模训练', '航模队'].sort());
    expect(titles(await search('航模', { teacherId: s.wang.id }))).toEqual(['防震减灾应急疏散演练']);
  });

  it('kinds: a list page searches only its own kind', async () => {
    await seed();
    const r = await search('航模', { kinds: ['work'] });
    expect(r.groups.map((g) => g.kind)).toEqual(['work']);
  });
});

describe('the trash', () => {
  it('hides trashed records unless asked, shows them flagged, and brings them back on restore', async () => {
    const s = await seed();
    await c.ok('trash.delete', { kind: 'activity', id: s.flying.id });
    expect(titles(await search('航模训练'))).not.toContain('航模训练');
    const withTrash = hitOf(await search('航模训练', { includeTrashed: true }), '航模训练');
    expect(withTrash?.deleted).toBe(true);
    expect(hitOf(await search('航模'), '航模队')?.deleted).toBe(false);
    expectConsistent();

    await c.ok('trash.restore', { kind: 'activity', id: s.flying.id });
    expect(hitOf(await search('航模训练'), '航模训练')?.deleted).toBe(false);

    await c.ok('trash.delete', { kind: 'person', id: s.ouyang.id });
    expect(titles(await search('oyxm'))).toEqual([]);
    await c.ok('trash.purge', { kind: 'person', id: s.ouyang.id, confirm: '永久删除' });
    expect(titles(await search('oyxm', { includeTrashed: true }))).toEqual([]);
    expectConsistent();
  });
});

describe('the index stays equal to the records', () => {
  it('after creating every kind of record', async () => {
    // every indexed table still has its triggers at the latest schema (a table rebuild drops them)
    const triggers = a.db.prepare("SELECT name FROM sqlite_master WHERE type='trigger'").pluck().all() as string[];
    for (const t of ['activities', 'people', 'groups', 'works', 'awards', 'competitions', 'media']) {
      for (const ev of ['ai', 'au', 'ad']) expect(triggers).toContain(`search_${t}_${ev}`);
    }
    await seed();
    expectConsistent();
    expect(a.db.prepare('SELECT count(*) FROM search_docs').pluck().get()).toBe(
      ['people', 'groups', 'activities', 'works', 'competitions', 'awards', 'media'].reduce(
        (n, t) => n + (a.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number),
        0,
      ),
    );
  });

  it('after edits, including text that lives in other records (names, titles, tags)', async () => {
    const s = await seed();
    await c.ok('activities.update', {
      id: s.flying.id,
      patch: { title: '船模训练', type: '模型', startDate: '2025-10-10', teacherIds: [s.li.id], tags: ['水上'] },
    });
    expect(titles(await search('航模训练'))).toEqual([]);
    expect(titles(await search('船模'))).toEqual(['船模训练']);
    expect(titles(await search('水上'))).toEqual(['船模训练']);
    expect(titles(await search('户外'))).toEqual([]);

    // renaming a student reaches the works and awards that credit them
    await c.ok('people.update', {
      id: s.zhang.id,
      patch: { kind: 'student', name: '张书茂', entryYear: 2021, classNo: 2 },
    });
    expect(titles(await search('张书茂')).sort()).toEqual(
      ['《教室空气质量监测仪》市级一等奖', '张书茂', '教室空气质量监测仪'].sort(),
    );
    expect(titles(await search('张树茂'))).toEqual([]);
    expect(titles(await search('zsm'))).toEqual(['张书茂']);

    // a work's new title reaches its award; a competition's new name too
    await c.ok('works.update', {
      id: s.monitor.id,
      patch: { title: '空气监测站', category: '青少年科技创新成果', authorIds: [s.shan.id], advisorIds: [s.wang.id] },
    });
    expect(titles(await search('空气监测站')).sort()).toEqual(['《空气监测站》市级一等奖', '空气监测站']);
    expect(titles(await search('张书茂'))).toEqual(['张书茂']); // no longer an author
    a.db.prepare("UPDATE competitions SET name='天水市青少年科技创新大赛（复赛）' WHERE id=?").run(s.contest.id);
    expect(titles(await search('复赛')).sort()).toEqual([
      '《空气监测站》市级一等奖',
      '第二十三届天水市青少年科技创新大赛（复赛）',
    ]);
    a.db.prepare("UPDATE media SET caption='航模起飞瞬间' WHERE id=?").run(s.photo.id);
    expect(titles(await search('起飞瞬间'))).toEqual(['航模起飞瞬间']);
    expectConsistent();
  });

  it("after a merge's raw INSERT OR REPLACE of a row, with or without recursive triggers", async () => {
    const s = await seed();
    const row = a.db.prepare('SELECT * FROM activities WHERE id=?').get(s.printing.id) as Record<string, unknown>;
    const docsBefore = a.db.prepare('SELECT count(*) FROM search_docs').pluck().get();
    const replace = (title: string) =>
      a.db
        .prepare(
          `INSERT OR REPLACE INTO activities (${Object.keys(row).join(',')}) VALUES (${Object.keys(row)
            .map((k) => '@' + k)
            .join(',')})`,
        )
        .run({ ...row, title });
    replace('激光切割体验课');
    expect(titles(await search('激光切割'))).toEqual(['激光切割体验课']);
    expect(titles(await search('3D打印体验'))).toEqual([]);
    expect(a.db.prepare('SELECT count(*) FROM search_docs').pluck().get()).toBe(docsBefore);
    expectConsistent();
    a.db.pragma('recursive_triggers = ON');
    try {
      replace('无人机体验课');
      expect(titles(await search('无人机'))).toEqual(['无人机体验课']);
      expect(titles(await search('激光切割'))).toEqual([]);
      expectConsistent();
    } finally {
      a.db.pragma('recursive_triggers = OFF');
    }
    // a merged row arriving in the trash stays out of results
    a.db
      .prepare(
        `INSERT OR REPLACE INTO people (id, created_at, updated_at, deleted_at, kind, name, entry_year) VALUES (?, 't', 't', 't', 'student', '仇小峰', 2022)`,
      )
      .run('0190a000-0000-7000-8000-00000000abcd');
    expect(titles(await search('qxf'))).toEqual([]);
    expect(titles(await search('qiuxiaofeng', { includeTrashed: true }))).toEqual(['仇小峰']);
    expectConsistent();
  });

  it('a transaction that fails leaves the index as it was', async () => {
    const s = await seed();
    const e = await c.fail('activities.update', {
      id: s.flying.id,
      patch: {
        title: '不会保存的标题',
        type: '模型',
        startDate: '2025-10-10',
        participantIds: ['0190a000-0000-7000-8000-0000000fffff'],
      },
    });
    expect(e.code).toBe('INVALID_INPUT');
    expect(titles(await search('不会保存'))).toEqual([]);
    expect(titles(await search('航模训练'))).toEqual(['航模训练']);
    expectConsistent();
  });

  it('reindex rebuilds a damaged index and gives the same answers', async () => {
    await seed();
    const before = await search('航模');
    a.db.exec("DELETE FROM search_docs WHERE kind='activity'");
    a.db.prepare("UPDATE search_docs SET title='乱码' WHERE kind='student'").run();
    a.db.exec("DELETE FROM search_titles WHERE rowid IN (SELECT doc FROM search_docs WHERE kind='work')");
    expect(staleDocs(a.db).length).toBeGreaterThan(0);
    expect(ftsMismatches(a.db).filter((m) => m.startsWith('search_titles'))).toHaveLength(2);
    const n = reindex(a.db);
    expect(n).toBe(a.db.prepare('SELECT count(*) FROM search_docs').pluck().get());
    expectConsistent();
    const after = await search('航模');
    expect(titles(after).sort()).toEqual(titles(before).sort());
  });
});

describe('keji search / keji reindex', () => {
  const run = async (...argv: string[]) => {
    const { main } = await import('../../electron/cli/main');
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { log: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('prints ranked hits grouped by kind with the match in 【】, or one JSON object', async () => {
    await seed();
    const r = await run('search', a.dir, '航模');
    expect(r.code).toBe(0);
    expect(r.out).toContain('活动（2）');
    expect(r.out).toContain('【航模】训练');
    expect(r.out).toContain('下次结合【航模】活动开展');
    const json = JSON.parse((await run('search', a.dir, 'zsm', '--class', '2021-2', '--json')).out);
    expect(json.groups[0].hits[0]).toMatchObject({
      kind: 'student',
      title: '张树茂',
      via: 'pinyin',
      titleRanges: [[0, 3]],
    });
    expect((await run('search', a.dir, '', '--year', '2024-2025', '--kind', 'activity')).out).toContain('3D打印体验课');
    expect((await run('search', a.dir, '', '--teacher', '李建国', '--kind', 'group')).out).toContain('航模队');
    expect((await run('search', a.dir, '火星')).out).toBe('没有找到匹配的记录');
  });

  it('refuses bad options with a Chinese message', async () => {
    for (const args of [
      ['--term', '2025-2026'],
      ['--kind', 'robot'],
      ['--class', '火星班'],
      ['--teacher', '不存在'],
    ]) {
      const r = await run('search', a.dir, '航模', ...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err).toMatch(HAS_CHINESE);
    }
  });

  it('reindex repairs a damaged index', async () => {
    await seed();
    a.db.exec("DELETE FROM search_docs WHERE kind='work'");
    const dir = a.dir;
    a.close();
    const r = await run('reindex', dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/已重建搜索索引：\d+ 条记录/);
    expect(r.out).toContain('修复了 2 处不一致');
    a = (await import('../../electron/core/db/open')).openArchive(dir);
    c = caller(a);
    expectConsistent();
    expect(titles(await search('监测仪'))).toContain('教室空气质量监测仪');
  });
});
