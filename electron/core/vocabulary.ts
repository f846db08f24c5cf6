// Editable vocabularies (级别, 等级, 类别, 活动类型, 学科): built-ins seeded, teachers' words kept.
import type Database from 'better-sqlite3';
import { BUILTIN_VOCAB, VOCAB_KINDS, type VocabKind } from '../../shared/domain/vocab';
import type { Archive } from './db/archive';

export function seedVocabulary(db: Database.Database): void {
  const ins = db.prepare('INSERT OR IGNORE INTO vocabulary (kind, label, rank, builtin) VALUES (?,?,?,1)');
  db.transaction(() => {
    for (const kind of VOCAB_KINDS) BUILTIN_VOCAB[kind].forEach((label, i) => ins.run(kind, label, i));
  })();
}

export function listVocab(a: Archive, kind: VocabKind): string[] {
  return a.db.prepare('SELECT label FROM vocabulary WHERE kind=? ORDER BY rank, label').pluck().all(kind) as string[];
}

/** Adds a teacher's own word at the end of the list (idempotent). */
export function addVocab(a: Archive, kind: VocabKind, label: string): string[] {
  const max = a.db.prepare('SELECT COALESCE(MAX(rank), -1) FROM vocabulary WHERE kind=?').pluck().get(kind) as number;
  a.db
    .prepare('INSERT OR IGNORE INTO vocabulary (kind, label, rank, builtin) VALUES (?,?,?,0)')
    .run(kind, label, max + 1);
  return listVocab(a, kind);
}
