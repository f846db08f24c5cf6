// Migrations: every numbered migration keeps the teacher's rows and produces the schema a fresh
// archive has; an archive that is behind gets a backup snapshot first, and a failing migration
// leaves the archive as it was.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APPLICATION_ID, DB_FILE, openArchive } from '../../electron/core/db/open';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../electron/core/db/migrations/index';
import { caller, tempDir, testClock } from './helpers';

type DB = Database.Database;

/**
 * Per-migration cases: `seed` runs on an archive at the previous version (insert rows the way that
 * version stored them), `check` runs after migrating to N. Every migration also gets the generic
 * test below (v1-shaped rows of every table survive, schema equals a fresh archive's). A migration
 * needs its own case here, or its own test file under tests/unit/ naming its file (e.g. '0002_search'),
 * or the "every migration has its own test" test fails.
 */
const CASES: Record<number, { seed(db: DB): void; check(db: DB): void }> = {
  1: {
    // Before v1 the file is an empty, stamped database: nothing to keep.
    seed: () => {},
    check: (db) => {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all() as string[];
      for (const t of [
        'settings',
        'vocabulary',
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
        'change_log',
      ]) {
        expect(tables, `table ${t}`).toContain(t);
      }
      // The rules v1 promises: a student needs an entry year, activity status is one of three,
      // an award for a work names the work, and rows reference existing rows.
      const meta = "'2025-09-01T00:00:00Z','2025-09-01T00:00:00Z'";
      db.exec(
        `INSERT INTO people (id, created_at, updated_at, kind, name, entry_year) VALUES ('p1', ${meta}, 'student', '张树茂', 2021)`,
      );
      expect(() =>
        db.exec(
          `INSERT INTO people (id, created_at, updated_at, kind, name) VALUES ('p2', ${meta}, 'student', '李明')`,
        ),
      ).toThrow(/CHECK/);
      expect(() =>
        db.exec(
          `INSERT INTO activities (id, created_at, updated_at, title, type, status, start_date) VALUES ('a1', ${meta}, '讲座', '科普讲座', '推迟', '2025-10-10')`,
        ),
      ).toThrow(/CHECK/);
      expect(() =>
        db.exec(
          `INSERT INTO awards (id, created_at, updated_at, recipient_kind, level, grade, awarded_on) VALUES ('w1', ${meta}, 'work', '市级', '一等奖', '2025-04-22')`,
        ),
      ).toThrow(/CHECK/);
      db.pragma('foreign_keys = ON');
      expect(() => db.exec("INSERT INTO activity_participants (activity_id, person_id) VALUES ('nope', 'p1')")).toThrow(
        /FOREIGN KEY/,
      );
      expect(() => db.exec("INSERT INTO tags (id, name) VALUES ('t1', '科技节'), ('t2', '科技节')")).toThrow(/UNIQUE/);
    },
  },
  2: {
    // search: records that existed before the upgrade are in the index at once, trashed ones flagged.
    seed: () => {},
    check: (db) => {
      const doc = (id: string) =>
        db.prepare('SELECT kind, title, deleted FROM search_docs WHERE entity_id=?').get(id) as
          { kind: string; title: string; deleted: number } | undefined;
      expect(doc(u(1))).toMatchObject({ kind: 'student', title: '张树茂', deleted: 0 });
      expect(doc(u(20))).toMatchObject({ kind: 'activity', title: '科普讲座：走进中国航天', deleted: 0 });
      expect(doc(u(21))).toMatchObject({ deleted: 1 });
      expect(doc(u(40))).toMatchObject({ kind: 'work', title: '教室空气质量监测仪' });
      expect(doc(u(51))?.title).toContain('《教室空气质量监测仪》');
    },
  },
  3: {
    // media_display: existing photos are shown unrotated; only quarter turns are allowed.
    seed: () => {},
    check: (db) => {
      expect(db.prepare('SELECT rotation FROM media WHERE id=?').pluck().get(u(60))).toBe(0);
      db.prepare('UPDATE media SET rotation=90 WHERE id=?').run(u(60));
      expect(() => db.prepare('UPDATE media SET rotation=45 WHERE id=?').run(u(60))).toThrow(/CHECK/);
    },
  },
  4: {
    // summary_drafts: no draft exists after the upgrade (every section is generated from the data).
    seed: () => {},
    check: (db) => {
      expect(db.prepare('SELECT COUNT(*) FROM summary_drafts').pluck().get()).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM summary_sections').pluck().get()).toBe(0);
      expect(() =>
        db
          .prepare(
            "INSERT INTO summary_sections (period_key, section, text, generated, updated_at) VALUES ('term:2025-2026-1', 'x', 'a', 'b', 't')",
          )
          .run(),
      ).toThrow(/FOREIGN KEY/);
    },
  },
  6: {
    // merge_state: the upgraded archive gets its own archiveId; the teacher's settings stay; nothing merged yet.
    seed: () => {},
    check: (db) => {
      const id = JSON.parse(db.prepare("SELECT value FROM settings WHERE key='archiveId'").pluck().get() as string);
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(JSON.parse(db.prepare("SELECT value FROM settings WHERE key='schoolName'").pluck().get() as string)).toBe(
        '青山镇中心小学',
      );
      expect(db.prepare('SELECT COUNT(*) FROM merge_state').pluck().get()).toBe(0);
    },
  },
};

/** Leaves the archive at exactly `version`, the way a program of that version would. */
function archiveAt(dir: string, version: number): void {
  if (version === 0) {
    // An archive stamped as ours but with no migration applied yet.
    fs.mkdirSync(dir, { recursive: true });
    const db = new Database(path.join(dir, DB_FILE));
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.close();
    return;
  }
  openArchive(dir, { create: true, targetVersion: version, clock: testClock() }).close();
}

/** Runs `fn` on the archive's own connection (with its SQL functions, which triggers may need). */
function withArchive<T>(dir: string, targetVersion: number, fn: (db: DB) => T): T {
  const a = openArchive(dir, { targetVersion, clock: testClock() });
  try {
    return fn(a.db);
  } finally {
    a.close();
  }
}

const T0 = '2025-03-05T08:00:00.000Z';
const u = (n: number) => `01950000-0000-7000-8000-${String(n).padStart(12, '0')}`;
/** Rows of every v1 table, written with v1 columns only, so any later migration must carry them over. */
function seedV1Rows(db: DB): void {
  const T = `'${T0}'`;
  db.exec(`
INSERT INTO settings (key, value) VALUES ('schoolName', '"青山镇中心小学"');
INSERT INTO people (id, created_at, updated_at, kind, name, gender, stage, entry_year, class_no, student_no, guardian_phone) VALUES
  ('${u(1)}', ${T}, ${T}, 'student', '张树茂', '男', '小学', 2021, 2, '2021201', '13800000000'),
  ('${u(2)}', ${T}, ${T}, 'student', '李明', '女', '小学', 2022, 1, NULL, NULL);
INSERT INTO people (id, created_at, updated_at, kind, name, subject, title) VALUES ('${u(3)}', ${T}, ${T}, 'teacher', '王丽华', '科学', '科技辅导员');
INSERT INTO groups (id, created_at, updated_at, name, description, teacher_id) VALUES ('${u(10)}', ${T}, ${T}, '航模队', '航空模型', '${u(3)}');
INSERT INTO group_members (group_id, person_id, joined_on, left_on) VALUES ('${u(10)}', '${u(1)}', '2024-09-10', NULL);
INSERT INTO activities (id, created_at, updated_at, title, type, status, start_date, end_date, location, head_count, head_count_note, group_id, content, process, reflection)
  VALUES ('${u(20)}', ${T}, ${T}, '科普讲座：走进中国航天', '科普讲座', 'done', '2025-03-05', NULL, '学校报告厅', 620, '全校学生', '${u(10)}', '讲座内容', '活动记录', '效果与反思');
INSERT INTO activities (id, created_at, updated_at, deleted_at, title, type, status, start_date) VALUES ('${u(21)}', ${T}, ${T}, ${T}, '回收站里的活动', '参观考察', 'cancelled', '2025-04-01');
INSERT INTO activity_teachers (activity_id, person_id, position) VALUES ('${u(20)}', '${u(3)}', 0);
INSERT INTO activity_participants (activity_id, person_id) VALUES ('${u(20)}', '${u(1)}'), ('${u(20)}', '${u(2)}');
INSERT INTO activity_reschedules (id, activity_id, from_start, from_end, to_start, to_end, reason, changed_at) VALUES ('${u(22)}', '${u(20)}', '2025-02-26', NULL, '2025-03-05', NULL, '天气原因', ${T});
INSERT INTO competitions (id, created_at, updated_at, name, session, year, organizer, level) VALUES ('${u(30)}', ${T}, ${T}, '天水市青少年科技创新大赛', '第二十三届', 2025, '天水市科学技术协会', '市级');
INSERT INTO works (id, created_at, updated_at, title, category, subject, stage, summary) VALUES ('${u(40)}', ${T}, ${T}, '教室空气质量监测仪', '青少年科技创新成果', '技术', '小学', '简介');
INSERT INTO work_authors (work_id, person_id, position) VALUES ('${u(40)}', '${u(1)}', 0), ('${u(40)}', '${u(2)}', 1);
INSERT INTO work_advisors (work_id, person_id, position) VALUES ('${u(40)}', '${u(3)}', 0);
INSERT INTO awards (id, created_at, updated_at, recipient_kind, work_id, level, grade, awarded_on, certificate_no) VALUES ('${u(50)}', ${T}, ${T}, 'work', '${u(40)}', '县级', '一等奖', '2024-12-18', 'QH-2024-001');
INSERT INTO awards (id, created_at, updated_at, competition_id, recipient_kind, work_id, level, grade, awarded_on, promoted_from_id) VALUES ('${u(51)}', ${T}, ${T}, '${u(30)}', 'work', '${u(40)}', '市级', '一等奖', '2025-04-22', '${u(50)}');
INSERT INTO awards (id, created_at, updated_at, competition_id, recipient_kind, level, grade, awarded_on) VALUES ('${u(52)}', ${T}, ${T}, '${u(30)}', 'school', '市级', '优秀组织奖', '2025-04-22');
INSERT INTO media (id, created_at, updated_at, sha256, ext, kind, mime, size, original_name, taken_at, width, height, orientation, caption)
  VALUES ('${u(60)}', ${T}, ${T}, '${'ab'.repeat(32)}', 'jpg', 'photo', 'image/jpeg', 1234, 'IMG_20250305.jpg', '2025-03-05T02:30:00.000Z', 800, 600, 1, '讲座现场');
INSERT INTO media_links (media_id, target_kind, target_id, position, created_at) VALUES ('${u(60)}', 'activity', '${u(20)}', 0, ${T});
INSERT INTO tags (id, name) VALUES ('${u(70)}', '科技节');
INSERT INTO tag_links (tag_id, target_kind, target_id) VALUES ('${u(70)}', 'activity', '${u(20)}');
INSERT INTO change_log (at, entity, entity_id, action, summary) VALUES (${T}, 'activity', '${u(20)}', 'create', '科普讲座：走进中国航天');
`);
}

/** Tables whose rows the teacher entered (derived/rebuilt tables and virtual-table internals left out). */
function userTables(db: DB): string[] {
  const rows = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string; sql: string }[];
  const virtual = rows.filter((r) => /^CREATE VIRTUAL/i.test(r.sql)).map((r) => r.name);
  return rows
    .map((r) => r.name)
    .filter((n) => !virtual.some((v) => n === v || n.startsWith(`${v}_`)))
    .filter((n) => !/^(vocabulary|search_.*)$/.test(n)); // re-seeded on every open / rebuilt from the rows
}

/** Every row of every user table, for "nothing was lost" comparisons. */
function dump(db: DB): Record<string, unknown[]> {
  return Object.fromEntries(userTables(db).map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).all()]));
}

/** sqlite_master as comparable text: whitespace normalised, sorted. */
function schemaOf(db: DB): string[] {
  return (
    db
      .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
      .all() as { type: string; name: string; tbl_name: string; sql: string | null }[]
  ).map(
    (r) =>
      `${r.type} ${r.name} ON ${r.tbl_name}: ${(r.sql ?? '')
        .replace(/\s+/g, ' ')
        .replace(/\s*([(),])\s*/g, '$1')
        .trim()}`,
  );
}

function raw(dir: string): DB {
  return new Database(path.join(dir, DB_FILE));
}

describe('the list of migrations', () => {
  it('is numbered 1, 2, 3… without gaps and SCHEMA_VERSION is the last one', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    for (const m of MIGRATIONS) expect(m.name).toMatch(/^[a-z0-9_]+$/);
  });

  it('every migration has its own test (a case in CASES above, or a test file naming it)', () => {
    const dir = new URL('./', import.meta.url).pathname;
    const others = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts') && f !== 'migrations.test.ts')
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    const untested = MIGRATIONS.filter(
      (m) =>
        !CASES[m.version] && !others.some((src) => src.includes(`${String(m.version).padStart(4, '0')}_${m.name}`)),
    ).map(
      (m) =>
        `migration ${m.version} (${m.name}) has no case in CASES of tests/unit/migrations.test.ts and no test file naming it`,
    );
    expect(untested).toEqual([]);
    for (const v of Object.keys(CASES).map(Number))
      expect(
        MIGRATIONS.map((m) => m.version),
        `CASES[${v}] names no migration`,
      ).toContain(v);
  });

  it('migration files are named NNNN_name.ts after their version', () => {
    const dir = new URL('../../electron/core/db/migrations/', import.meta.url).pathname;
    const files = fs
      .readdirSync(dir)
      .filter((f) => /^\d{4}_/.test(f))
      .sort();
    expect(files).toEqual(MIGRATIONS.map((m) => `${String(m.version).padStart(4, '0')}_${m.name}.ts`));
  });
});

describe.each(MIGRATIONS.map((m, i) => [m.version, m.name, m, MIGRATIONS[i - 1]?.version ?? 0] as const))(
  'migration %i (%s)',
  (version, _name, m: Migration, prev: number) => {
    it(`keeps the rows written at the previous version and produces the v${version} schema`, async () => {
      const dir = path.join(tempDir(), 'a');
      archiveAt(dir, prev);
      const db0 = new Database(path.join(dir, DB_FILE), { readonly: true });
      expect(db0.pragma('user_version', { simple: true })).toBe(prev);
      db0.close();
      const before =
        prev === 0
          ? (() => {
              const db = new Database(path.join(dir, DB_FILE));
              try {
                CASES[version]?.seed(db);
                return dump(db);
              } finally {
                db.close();
              }
            })()
          : withArchive(dir, prev, (db) => {
              seedV1Rows(db);
              CASES[version]?.seed(db);
              return dump(db);
            });

      // Migrate by opening, as the program does.
      const fresh = path.join(tempDir(), 'fresh');
      openArchive(fresh, { create: true, targetVersion: version, clock: testClock() }).close();
      const freshSchema = withArchive(fresh, version, schemaOf);
      withArchive(dir, version, (db) => {
        expect(db.pragma('user_version', { simple: true })).toBe(version);
        // Every row that existed is still there with the same values in the columns it had.
        const after = dump(db);
        for (const [table, rows] of Object.entries(before)) {
          expect(after[table], `table ${table} after migration ${m.name}`).toBeDefined();
          const cols = rows.length ? Object.keys(rows[0] as object) : [];
          const project = (r: unknown) => Object.fromEntries(cols.map((c) => [c, (r as Record<string, unknown>)[c]]));
          expect((after[table] as unknown[]).map(project), `rows of ${table}`).toEqual(
            expect.arrayContaining(rows.map(project)),
          );
          expect(after[table].length).toBeGreaterThanOrEqual(rows.length);
        }
        // The schema equals that of a fresh archive created at this version.
        expect(schemaOf(db)).toEqual(freshSchema);
        CASES[version]?.check(db);
      });

      // After the last migration, the teacher's old records read back through the calls the pages use.
      if (version === SCHEMA_VERSION && prev >= 1) {
        const a = openArchive(dir, { clock: testClock('2025-10-15T08:00:00Z') });
        try {
          const c = caller(a);
          const act = await c.ok('activities.get', { id: u(20) });
          expect(act).toMatchObject({
            title: '科普讲座：走进中国航天',
            headCount: 620,
            participantCount: 2,
            rescheduleCount: 1,
            photoCount: 1,
            tags: ['科技节'],
          });
          const work = await c.ok('works.get', { id: u(40) });
          expect(work).toMatchObject({
            authorNames: ['张树茂', '李明'],
            advisorNames: ['王丽华'],
            awardCount: 2,
            bestLevel: '市级',
          });
          expect((await c.ok('people.get', { id: u(1) })).classLabel).toBe('五年级(2)班');
          expect((await c.ok('trash.list', {})).map((x) => x.id)).toEqual([u(21)]);
          const stats = await c.ok('stats.get', { from: '2024-09-01', to: '2025-08-31' });
          expect(stats).toMatchObject({ activities: 1, awards: 2, awardedWorks: 1, awardPersonTimes: 4 });
          expect(stats.schoolAwards).toHaveLength(1);
        } finally {
          a.close();
        }
      }
    });
  },
);

describe('fresh vs migrated', () => {
  it('a fresh archive has the same schema as one migrated step by step from the first version', () => {
    const fresh = path.join(tempDir(), 'fresh');
    openArchive(fresh, { create: true, clock: testClock() }).close();

    const stepped = path.join(tempDir(), 'stepped');
    archiveAt(stepped, 0);
    for (const m of MIGRATIONS) openArchive(stepped, { targetVersion: m.version, clock: testClock() }).close();

    const f = raw(fresh),
      s = raw(stepped);
    try {
      expect(schemaOf(s)).toEqual(schemaOf(f));
      expect(s.pragma('user_version', { simple: true })).toBe(f.pragma('user_version', { simple: true }));
      expect(schemaOf(f).length).toBeGreaterThan(10);
      // the built-in vocabulary is the same too (the pickers the teacher sees)
      expect(s.prepare('SELECT kind, label, rank FROM vocabulary ORDER BY kind, rank').all()).toEqual(
        f.prepare('SELECT kind, label, rank FROM vocabulary ORDER BY kind, rank').all(),
      );
    } finally {
      f.close();
      s.close();
    }
  });
});

describe('backups before migrating', () => {
  afterEach(() => {
    vi.doUnmock('../../electron/core/db/migrations/index');
    vi.resetModules();
  });

  it.each(MIGRATIONS.slice(1).map((m, i) => [MIGRATIONS[i].version, m.version] as const))(
    'an archive at v%i gets a snapshot in backups/ holding its old data before it is migrated to v%i',
    (prev, version) => {
      const dir = path.join(tempDir(), 'a');
      archiveAt(dir, prev);
      withArchive(dir, prev, seedV1Rows);
      openArchive(dir, { targetVersion: version }).close();
      const snaps = fs
        .readdirSync(path.join(dir, 'backups'))
        .filter((f) => f.endsWith(`before-migration-v${prev}.sqlite`));
      expect(snaps).toHaveLength(1);
      const snap = new Database(path.join(dir, 'backups', snaps[0]), { readonly: true });
      expect(snap.pragma('user_version', { simple: true })).toBe(prev);
      expect(snap.prepare('SELECT name FROM people WHERE id=?').pluck().get(u(1))).toBe('张树茂');
      snap.close();
    },
  );

  /** Opens with one extra migration after today's last one (as the next program version would). */
  async function withNextMigration(up: (db: DB) => void) {
    vi.resetModules();
    vi.doMock('../../electron/core/db/migrations/index', async (importOriginal) => {
      const orig = await importOriginal<typeof import('../../electron/core/db/migrations/index')>();
      const next: Migration = { version: orig.SCHEMA_VERSION + 1, name: 'next', up };
      return {
        ...orig,
        MIGRATIONS: [...orig.MIGRATIONS, next],
        SCHEMA_VERSION: next.version,
        migrate(db: DB, target = next.version) {
          const applied = orig.migrate(db, Math.min(target, orig.SCHEMA_VERSION));
          if (target >= next.version && (db.pragma('user_version', { simple: true }) as number) < next.version) {
            db.transaction(() => {
              next.up(db);
              db.pragma(`user_version = ${next.version}`);
            })();
            applied.push(next.version);
          }
          return applied;
        },
      };
    });
    return (await import('../../electron/core/db/open')).openArchive;
  }

  function archiveWithData(): string {
    const dir = path.join(tempDir(), 'a');
    const a = openArchive(dir, { create: true, clock: testClock() });
    a.db
      .prepare(
        "INSERT INTO people (id, created_at, updated_at, kind, name, entry_year, class_no) VALUES ('p1','t','t','student','张树茂',2021,2)",
      )
      .run();
    a.close();
    return dir;
  }

  it('an existing archive that is behind gets a snapshot of its data before the new migration runs', async () => {
    const dir = archiveWithData();
    const nextOpen = await withNextMigration((db) => db.exec('ALTER TABLE people ADD COLUMN nickname TEXT'));
    const a = nextOpen(dir, { clock: testClock() });
    try {
      expect(a.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
      expect(a.db.prepare("SELECT name FROM people WHERE id='p1'").pluck().get()).toBe('张树茂');
    } finally {
      a.close();
    }
    const snaps = fs.readdirSync(path.join(dir, 'backups'));
    expect(snaps).toHaveLength(1);
    expect(snaps[0]).toMatch(new RegExp(`before-migration-v${SCHEMA_VERSION}\\.sqlite$`));
    const snap = new Database(path.join(dir, 'backups', snaps[0]), { readonly: true });
    try {
      expect(snap.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(snap.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      expect(snap.prepare("SELECT name FROM people WHERE id='p1'").pluck().get()).toBe('张树茂');
      const cols = (snap.prepare('PRAGMA table_info(people)').all() as { name: string }[]).map((c) => c.name);
      expect(cols).not.toContain('nickname');
    } finally {
      snap.close();
    }
  });

  it('an up-to-date archive is opened without a snapshot', () => {
    const dir = archiveWithData();
    openArchive(dir).close();
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual([]);
  });

  it('a migration that fails leaves the archive at its old version with its data, and the lock released', async () => {
    const dir = archiveWithData();
    const nextOpen = await withNextMigration((db) => {
      db.exec('ALTER TABLE people ADD COLUMN nickname TEXT');
      db.exec("UPDATE people SET name = '被改坏了'");
      throw new Error('磁盘出错（模拟）');
    });
    expect(() => nextOpen(dir)).toThrow(/模拟/);
    expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false);
    const db = raw(dir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare("SELECT name FROM people WHERE id='p1'").pluck().get()).toBe('张树茂');
      const cols = (db.prepare('PRAGMA table_info(people)').all() as { name: string }[]).map((c) => c.name);
      expect(cols).not.toContain('nickname');
    } finally {
      db.close();
    }
    expect(fs.readdirSync(path.join(dir, 'backups'))).toHaveLength(1);
  });
});
