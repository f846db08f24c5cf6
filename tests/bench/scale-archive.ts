// The ten-year archive of `npm run bench:scale`: 3,000 students, 60 teachers, 10,000 activities
// (about one in seven a 培训 the teachers went to), 4,000 awards and 20,000 photos (small JPEGs
// of both orientations, some with EXIF orientation 6/8 and a DateTimeOriginal) — written through
// the real core (createPerson, createActivity, createAward, importMedia), so indexes, search
// documents and thumbnails are what the app makes. Built once and cached by its parameters.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { seededRandom } from '../../shared/domain/ids';
import { ACTIVITY_TYPES, WORK_CATEGORIES } from '../../shared/domain/vocab';
import { openArchive, type Archive } from '../../electron/core/db/open';
import * as activities from '../../electron/core/activities/queries';
import * as awards from '../../electron/core/awards/queries';
import { createCompetition } from '../../electron/core/competitions/queries';
import * as people from '../../electron/core/people/queries';
import * as works from '../../electron/core/works/queries';
import { setSettings } from '../../electron/core/settings';
import { importMedia } from '../../electron/core/media/import';
import { linkMedia } from '../../electron/core/media/store';

export interface ScaleSize {
  students: number;
  teachers: number;
  activities: number;
  awards: number;
  photos: number;
}
export const TEN_YEARS: ScaleSize = { students: 3000, teachers: 60, activities: 10_000, awards: 4000, photos: 20_000 };
/** The school years covered: 2016-2017 … 2025-2026. */
export const FIRST_YEAR = 2016,
  YEARS = 10;

const SUR = [
  ...'王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林曾谢宋唐韩冯邓曹彭萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIV = [...'子梓浩宇轩涵欣怡思雨嘉佳俊杰博文晨睿明雅静婷诗琪泽一然凯航瑞悦晓天乐安可馨树茂鑫昊彤妍诺铭瑶阳'];
const TOPICS = [
  '走进航天',
  '水火箭',
  '机器人',
  '科幻画',
  '防震减灾',
  '气象观测',
  '3D打印',
  '植物栽培',
  '图形化编程',
  '天文观测',
  '小发明',
  '无人机',
];
const FORMS = ['讲座', '训练', '比赛', '演练', '体验活动', '成果展示', '兴趣小组例会'];

const dayOf = (i: number, n: number) => {
  // Spread over ten school years (1 Sep 2016 … 30 Jun 2026), skipping nothing: a busy school.
  const start = Date.UTC(FIRST_YEAR, 8, 1),
    end = Date.UTC(FIRST_YEAR + YEARS, 5, 30);
  return new Date(start + Math.floor(((i / n) * (end - start)) / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
};

/** The cached archive's folder, built first if missing. */
export async function tenYearArchive(
  size: ScaleSize = TEN_YEARS,
  log: (s: string) => void = () => {},
): Promise<string> {
  const key = `v1-${size.students}-${size.activities}-${size.awards}-${size.photos}`;
  const root = path.join(process.env.KEJI_SCALE_CACHE ?? path.join(os.tmpdir(), 'keji-scale-cache'), key);
  const dir = path.join(root, '科技档案');
  if (fs.existsSync(path.join(root, 'done'))) return dir;
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const a = openArchive(dir, { create: true });
  try {
    const t0 = performance.now();
    fillRecords(a, size);
    log(`  records: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const t1 = performance.now();
    await fillPhotos(a, size, path.join(root, 'photos'), log);
    log(`  photos: ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  } finally {
    a.close();
  }
  fs.rmSync(path.join(root, 'photos'), { recursive: true, force: true });
  fs.writeFileSync(path.join(root, 'done'), new Date().toISOString());
  return dir;
}

function fillRecords(a: Archive, size: ScaleSize): void {
  const rng = seededRandom(20160901);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng.next() * xs.length)];
  const used = new Set<string>();
  const name = () => {
    for (;;) {
      const n = pick(SUR) + pick(GIV) + (rng.next() < 0.7 ? pick(GIV) : '');
      if (!used.has(n)) {
        used.add(n);
        return n;
      }
    }
  };
  a.db.transaction(() => {
    setSettings(a, { schoolName: '青山镇中心小学' });
    // Six grades of about 300 a year: entry years 2011 (graduated 2017) … 2025.
    const students = Array.from({ length: size.students }, (_, i) => ({
      id: people.createPerson(a, { kind: 'student', name: name(), entryYear: 2011 + (i % 15), classNo: 1 + (i % 4) })
        .id,
      entry: 2011 + (i % 15),
    }));
    const teachers = Array.from(
      { length: size.teachers },
      () =>
        people.createPerson(a, { kind: 'teacher', name: name(), subject: pick(['科学', '美术', '信息技术', '数学']) })
          .id,
    );
    for (let i = 0; i < size.activities; i++) {
      const date = dayOf(i, size.activities);
      const y = Number(date.slice(0, 4)) - (Number(date.slice(5, 7)) < 9 ? 1 : 0);
      const enrolled = students.filter((s) => s.entry <= y && s.entry > y - 6);
      const training = i % 7 === 3;
      activities.createActivity(a, {
        title: training ? `${pick(TOPICS)}辅导员培训（${i + 1}）` : `${pick(TOPICS)}${pick(FORMS)}（${i + 1}）`,
        type: training ? '培训' : pick(ACTIVITY_TYPES.filter((t) => t !== '培训')),
        status: i % 41 === 5 ? 'cancelled' : 'done',
        startDate: date,
        location: training ? '县教师进修学校' : pick(['学校操场', '科学实验室', '多功能厅']),
        teacherIds: [pick(teachers)],
        participantIds: training ? [] : Array.from({ length: 5 + (i % 12) }, () => pick(enrolled).id),
        headCount: null,
        headCountNote: null,
        tags: [],
        content: training ? '参加县科协组织的辅导员培训。' : '教师讲解原理，学生分组动手实践并交流展示。',
      });
    }
    const LEVELS = ['校级', '县级', '市级', '省级', '国家级'] as const;
    let n = 0;
    for (let year = FIRST_YEAR; year < FIRST_YEAR + YEARS && n < size.awards; year++) {
      const comps = Object.fromEntries(
        LEVELS.map((l) => [
          l,
          createCompetition(a, { name: `青少年科技创新大赛（${l}）`, level: l, year: year + 1 }).id,
        ]),
      );
      const enrolled = students.filter((s) => s.entry <= year && s.entry > year - 6);
      const quota = Math.round(size.awards / YEARS) * (year - FIRST_YEAR + 1);
      while (n < Math.min(quota, size.awards)) {
        const w = works.createWork(a, {
          title: `作品${n + 1}号`,
          category: pick(WORK_CATEGORIES),
          authorIds: [pick(enrolled).id],
          advisorIds: [pick(teachers)],
        });
        let from: string | null = null;
        for (const [li, level] of LEVELS.entries()) {
          if (n >= quota || (li > 0 && rng.next() > 0.4)) break;
          from = awards.createAward(a, {
            recipientKind: 'work',
            workId: w.id,
            level,
            grade: pick(['一等奖', '二等奖', '三等奖', '优秀奖']),
            awardedOn: `${year + 1}-0${3 + li}-15`,
            competitionId: comps[level],
            promotedFromId: from,
          }).id;
          n++;
        }
      }
    }
  })();
}

async function fillPhotos(a: Archive, size: ScaleSize, tmp: string, log: (s: string) => void): Promise<void> {
  const BATCH = 1000;
  fs.mkdirSync(tmp, { recursive: true });
  const held = a.db.prepare("SELECT id, start_date FROM activities WHERE status='done' ORDER BY start_date").all() as {
    id: string;
    start_date: string;
  }[];
  for (let b = 0; b < size.photos; b += BATCH) {
    const files: string[] = [];
    const owners: string[] = [];
    for (let i = b; i < Math.min(b + BATCH, size.photos); i++) {
      const act = held[Math.floor((i / size.photos) * held.length)];
      const portrait = i % 3 === 1;
      const [w, h] = portrait ? [240, 320] : [320, 240];
      // Distinct bytes per photo: a colour field plus the index written into the pixels.
      const raw = Buffer.alloc(w * h * 3, (i * 37) % 251);
      raw.writeUInt32LE(i, 0);
      raw[7] = i % 256;
      for (let p = 0; p < raw.length; p += 3) {
        raw[p] = (((p / 3) % w) + i) % 256;
        raw[p + 1] = (Math.floor(p / 3 / w) * 2) % 256;
      }
      let img = sharp(raw, { raw: { width: w, height: h, channels: 3 } });
      const [y, m, d] = act.start_date.split('-');
      if (i % 2 === 0)
        img = img.withExif({ IFD2: { DateTimeOriginal: `${y}:${m}:${d} 10:${String(i % 60).padStart(2, '0')}:00` } });
      if (i % 10 === 7) img = img.withMetadata({ orientation: i % 20 === 7 ? 6 : 8 });
      const file = path.join(tmp, `IMG_${String(i).padStart(5, '0')}.jpg`);
      fs.writeFileSync(file, await img.jpeg({ quality: 80 }).toBuffer());
      files.push(file);
      owners.push(act.id);
    }
    const r = await importMedia(a, files);
    a.db.transaction(() => {
      r.mediaIds.forEach((id, k) => linkMedia(a, id, 'activity', owners[k], k));
    })();
    for (const f of files) fs.rmSync(f);
    log(`  photos ${Math.min(b + BATCH, size.photos)} / ${size.photos}`);
  }
}
