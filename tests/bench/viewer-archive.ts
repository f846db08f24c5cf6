// A large archive for the offline viewer's scale test and bench, made quickly through the real
// core and exported through the real export: small real JPEGs (landscape and portrait, a handful
// of colours, each made unique by a comment segment so the content-addressed store keeps them
// apart), activities spread over several 学年 with their photos linked, a few people, works and
// awards. With no cached thumbnail the viewer shows the (small) original in each tile.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createActivity } from '../../electron/core/activities/queries';
import { createAward } from '../../electron/core/awards/queries';
import { createCompetition } from '../../electron/core/competitions/queries';
import { openArchive } from '../../electron/core/db/open';
import { addMedia, linkMedia } from '../../electron/core/media/store';
import { exportPackage } from '../../electron/core/package/export';
import { createPerson } from '../../electron/core/people/queries';
import { setSettings } from '../../electron/core/settings';
import { createWork } from '../../electron/core/works/queries';

const TYPES = ['科普讲座', '科技实践', '模型', '参观考察', '科学实验', '编程'];
const WORDS = ['航天', '机器人', '气象', '植物', '电路', '桥梁', '水火箭', '天文', '环保', '编程'];

/** Base JPEGs: 8 colours × landscape/portrait, 96×64 / 64×96. */
async function bases(): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let i = 0; i < 16; i++) {
    const portrait = i % 2 === 1;
    const [w, hgt] = portrait ? [64, 96] : [96, 64];
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${hgt}"><rect width="100%" height="100%" fill="hsl(${(i >> 1) * 45},55%,55%)"/>
      <circle cx="${w / 2}" cy="${hgt / 2}" r="${Math.min(w, hgt) / 3}" fill="#fff" fill-opacity=".6"/></svg>`;
    out.push(await sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer());
  }
  return out;
}

/** The JPEG with a comment segment (FF FE) right after SOI: a different file, the same picture. */
function unique(jpeg: Buffer, n: number): Buffer {
  const text = Buffer.from(`keji-${n}`);
  const seg = Buffer.alloc(4 + text.length);
  seg.writeUInt16BE(0xfffe, 0);
  seg.writeUInt16BE(2 + text.length, 2);
  text.copy(seg, 4);
  return Buffer.concat([jpeg.subarray(0, 2), seg, jpeg.subarray(2)]);
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

export interface ScaleOptions {
  photos: number;
  activities: number;
  years: number;
  awards?: number;
}

/** Makes the archive in `dir` and exports it into `usb`; returns the package folder. */
export async function makeScalePackage(dir: string, usb: string, o: ScaleOptions): Promise<string> {
  const a = openArchive(dir, { create: true });
  try {
    const jpegs = await bases();
    a.db.transaction(() => {
      setSettings(a, { schoolName: '青山镇中心小学' });
      const teachers = Array.from(
        { length: 6 },
        (_, i) => createPerson(a, { kind: 'teacher', name: `教师${'甲乙丙丁戊己'[i]}`, subject: '科学' }).id,
      );
      const students = Array.from(
        { length: 60 },
        (_, i) =>
          createPerson(a, { kind: 'student', name: `学生${i + 1}号`, entryYear: 2020 + (i % 6), classNo: 1 + (i % 3) })
            .id,
      );
      // Activities evenly over the 学年s ending 2026-08-31, newest first; photos shared out among them.
      const end = Date.UTC(2026, 7, 31);
      const span = o.years * 365 * 86_400_000;
      const perActivity = o.photos / o.activities;
      let n = 0;
      for (let i = 0; i < o.activities; i++) {
        const day = new Date(end - Math.floor(((i + 0.5) / o.activities) * span));
        const word = WORDS[i % WORDS.length];
        const id = createActivity(a, {
          title: `${word}主题活动第${i + 1}次`,
          type: TYPES[i % TYPES.length],
          status: 'done',
          startDate: iso(day),
          location: '科学教室',
          teacherIds: [teachers[i % teachers.length]],
          participantIds: [students[i % 60], students[(i * 7) % 60]],
          tags: [word],
          content: `围绕“${word}”开展的第${i + 1}次活动。`,
          process: '学生分组动手，老师巡回指导。',
        }).id;
        const want = Math.round((i + 1) * perActivity) - Math.round(i * perActivity);
        for (let k = 0; k < want; k++, n++) {
          const base = jpegs[n % jpegs.length];
          const portrait = n % 2 === 1;
          const m = addMedia(a, unique(base, n), {
            ext: 'jpg',
            kind: 'photo',
            mime: 'image/jpeg',
            originalName: `IMG_${String(n).padStart(5, '0')}.jpg`,
            caption: k === 0 ? `${word}活动现场` : null,
            width: portrait ? 64 : 96,
            height: portrait ? 96 : 64,
            takenAt: `${iso(day)}T09:${String(k % 60).padStart(2, '0')}:00`,
          });
          linkMedia(a, m.id, 'activity', id, k);
        }
      }
      const comp = createCompetition(a, { name: '青少年科技创新大赛', session: '第一届', level: '市级' } as never).id;
      for (let i = 0; i < (o.awards ?? 40); i++) {
        const work = createWork(a, {
          title: `${WORDS[i % WORDS.length]}作品${i + 1}`,
          category: '科技发明',
          authorIds: [students[i % 60]],
          advisorIds: [teachers[i % 6]],
        } as never).id;
        const day = new Date(end - Math.floor(((i + 0.5) / (o.awards ?? 40)) * span));
        createAward(a, {
          competitionId: comp,
          recipientKind: 'work',
          workId: work,
          level: '市级',
          grade: '一等奖',
          awardedOn: iso(day),
        } as never);
      }
    })();
    fs.mkdirSync(usb, { recursive: true });
    const r = await exportPackage(a, {
      target: usb,
      scope: { kind: 'all' },
      maskNames: false,
      includeSensitive: false,
    });
    return r.path;
  } finally {
    a.close();
  }
}

/** A scratch folder on tmpfs when there is one (the export fsyncs every file). */
export function scratch(prefix: string): string {
  const root = fs.existsSync('/dev/shm') ? '/dev/shm' : (process.env.TMPDIR ?? '/tmp');
  return fs.mkdtempSync(path.join(root, prefix));
}
