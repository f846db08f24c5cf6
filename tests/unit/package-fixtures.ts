// A small school archive for the package tests: people with private fields, activities with
// photos, a work promoted 县 → 市 with a certificate scan. Photos are random bytes (the core
// never decodes them); the e2e test makes real JPEGs.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { registerSearchFunctions } from '../../electron/core/search/functions';
import { createActivity } from '../../electron/core/activities/queries';
import { createAward } from '../../electron/core/awards/queries';
import { createCompetition } from '../../electron/core/competitions/queries';
import type { Archive } from '../../electron/core/db/open';
import { addMedia, linkMedia } from '../../electron/core/media/store';
import { createPerson } from '../../electron/core/people/queries';
import { setSettings } from '../../electron/core/settings';
import { createWork } from '../../electron/core/works/queries';

export interface School {
  teacher: string;
  zhang: string;
  li: string;
  ouyang: string;
  lecture: string;
  model: string;
  oldTrip: string;
  work: string;
  county: string;
  city: string;
  photos: string[];
  certificate: string;
}

/** Deterministic bytes that look like a JPEG to a sniffer: the same seed is the same photo. */
export function photo(seed: number, size = 20_000): Buffer {
  const key = crypto.createHash('sha256').update(`photo:${seed}`).digest().subarray(0, 16);
  const out = crypto.createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
  out.set([0xff, 0xd8, 0xff]);
  return out;
}

/** Deterministic bytes that look like an MP4 (an ISO-BMFF ftyp box first). */
export function video(seed: number, size = 20_000): Buffer {
  const out = photo(seed, size);
  out.set([0, 0, 0, 0x18, ...Buffer.from('ftypmp42'), 0, 0, 0, 0, ...Buffer.from('isommp42')]);
  return out;
}

export function makeSchool(a: Archive): School {
  setSettings(a, { schoolName: '青山镇中心小学' });
  const teacher = createPerson(a, { kind: 'teacher', name: '王丽华', subject: '科学', phone: '13900000001' }).id;
  const zhang = createPerson(a, {
    kind: 'student',
    name: '张树茂',
    entryYear: 2021,
    classNo: 2,
    idNumber: '620502201401010011',
    guardianPhone: '13800000000',
  }).id;
  const li = createPerson(a, {
    kind: 'student',
    name: '李明',
    entryYear: 2022,
    classNo: 1,
    guardianPhone: '13700000000',
  }).id;
  const ouyang = createPerson(a, { kind: 'student', name: '欧阳晓明', entryYear: 2021, classNo: 1 }).id;
  const lecture = createActivity(a, {
    title: '科普讲座：走进中国航天',
    type: '科普讲座',
    status: 'done',
    startDate: '2025-10-10',
    location: '学校报告厅',
    teacherIds: [teacher],
    participantIds: [zhang, li],
    tags: ['科技节'],
    process: '张树茂同学提问：火箭为什么要分级？欧阳晓明做了记录。',
  }).id;
  const model = createActivity(a, {
    title: '航模训练',
    type: '模型',
    status: 'done',
    startDate: '2026-03-05',
    teacherIds: [teacher],
    participantIds: [ouyang],
    tags: [],
  }).id;
  const oldTrip = createActivity(a, {
    title: '参观气象站',
    type: '参观考察',
    status: 'done',
    startDate: '2024-11-05',
    teacherIds: [teacher],
    participantIds: [li],
    tags: [],
  }).id;
  const photos: string[] = [];
  for (let i = 0; i < 3; i++) {
    const m = addMedia(a, photo(i), {
      ext: 'jpg',
      kind: 'photo',
      mime: 'image/jpeg',
      originalName: `IMG_${i}.jpg`,
      caption: i === 0 ? '张树茂在提问' : null,
    });
    linkMedia(a, m.id, 'activity', i < 2 ? lecture : oldTrip, i);
    photos.push(m.id);
  }
  const work = createWork(a, {
    title: '教室空气质量监测仪',
    category: '青少年科技创新成果',
    authorIds: [zhang, li],
    advisorIds: [teacher],
  }).id;
  const comp = createCompetition(a, { name: '天水市青少年科技创新大赛', session: '第二十三届', level: '市级' }).id;
  const county = createAward(a, {
    recipientKind: 'work',
    workId: work,
    level: '县级',
    grade: '一等奖',
    awardedOn: '2024-12-18',
  }).id;
  const city = createAward(a, {
    recipientKind: 'work',
    workId: work,
    competitionId: comp,
    level: '市级',
    grade: '一等奖',
    awardedOn: '2025-04-22',
    promotedFromId: county,
  }).id;
  const cert = addMedia(a, photo(99), { ext: 'jpg', kind: 'photo', mime: 'image/jpeg', originalName: '证书.jpg' }).id;
  a.db.prepare('UPDATE awards SET certificate_media_id=? WHERE id=?').run(cert, city);
  return { teacher, zhang, li, ouyang, lecture, model, oldTrip, work, county, city, photos, certificate: cert };
}

/** Every row of the tables a teacher's data lives in (for "nothing changed" comparisons). */
export function dumpData(a: Archive): Record<string, unknown[]> {
  const tables = [
    'people',
    'groups',
    'group_members',
    'activities',
    'activity_teachers',
    'activity_participants',
    'activity_reschedules',
    'competitions',
    'works',
    'work_authors',
    'work_advisors',
    'awards',
    'media',
    'media_links',
    'tags',
    'tag_links',
    'settings',
    'merge_state',
  ];
  return Object.fromEntries(
    tables.map((t) => {
      const cols = a.db.prepare(`SELECT name FROM pragma_table_info('${t}')`).pluck().all() as string[];
      return [t, a.db.prepare(`SELECT * FROM ${t} ORDER BY ${cols.map((c) => `"${c}"`).join(', ')}`).all()];
    }),
  );
}

/** Rows of a package's database, read-only. */
export function packageDb(pkgDir: string): Database.Database {
  return new Database(path.join(pkgDir, 'archive.sqlite'), { readonly: true });
}

/** Every file under a folder with size and mtime (to prove nothing was written). */
export function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = fs.lstatSync(p);
        out.push(`${path.relative(dir, p)} ${st.size} ${st.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * What an attacker (or a PC with a wrong clock) does to a package: rewrites its database, adds
 * files, edits the manifest — then fixes the manifest's sizes and hashes (it is unsigned), so the
 * package still verifies as far as hashes go.
 */
export function forgePackage(
  pkg: string,
  edit: (db: Database.Database) => void,
  opts: { files?: Record<string, Buffer>; manifest?: (m: Record<string, unknown>) => void } = {},
): void {
  const file = path.join(pkg, 'archive.sqlite');
  const db = new Database(file);
  registerSearchFunctions(db); // the package's search triggers run on these edits
  edit(db);
  db.close();
  const mfile = path.join(pkg, 'manifest.json');
  const m = JSON.parse(fs.readFileSync(mfile, 'utf8'));
  for (const [rel, bytes] of Object.entries(opts.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(pkg, rel)), { recursive: true });
    fs.writeFileSync(path.join(pkg, rel), bytes);
    m.files.push({ path: rel, size: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') });
  }
  const dbBytes = fs.readFileSync(file);
  Object.assign(
    m.files.find((f: { path: string }) => f.path === 'archive.sqlite'),
    { size: dbBytes.length, sha256: crypto.createHash('sha256').update(dbBytes).digest('hex') },
  );
  opts.manifest?.(m);
  fs.writeFileSync(mfile, JSON.stringify(m, null, 1));
}
