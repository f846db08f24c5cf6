// A deterministic archive of ~100,000 records for the search benchmark: students and teachers,
// activities with long records, works, awards and photo captions, written with plain INSERTs so
// the search triggers index every row in the same transaction, as the app's writes do.
import { seededRandom } from '../../shared/domain/ids';
import type { Archive } from '../../electron/core/db/open';

export interface BenchCounts {
  people: number;
  activities: number;
  works: number;
  awards: number;
  competitions: number;
  media: number;
}

const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林曾单谢宋唐韩冯邓曹彭'];
const GIVEN = [...'子梓浩宇轩涵欣怡思雨嘉佳俊杰博文晨睿明雅静婷诗琪泽一然凯航瑞悦晓天乐安可馨树茂鑫昊彤妍诺铭瑶阳'];
const TOPICS = [
  '航模',
  '船模',
  '车模',
  '机器人',
  '图形化编程',
  '科幻画',
  '防震减灾',
  '科普',
  '3D打印',
  '科学DV',
  '天文观测',
  '植物栽培',
  '水火箭',
  '小发明',
  '小制作',
  '小论文',
  '垃圾分类',
  '气象观测',
  '电子制作',
  '无人机',
  '昆虫观察',
  '桥梁模型',
  '净水实验',
  '太阳能',
];
const FORMS = [
  '讲座',
  '训练',
  '比赛',
  '演练',
  '参观考察',
  '成果展示',
  '兴趣小组例会',
  '选拔赛',
  '体验活动',
  '社会实践调查',
  '培训',
  '制作课',
];
const PLACES = [
  '学校操场',
  '科学实验室',
  '多功能厅',
  '县科技馆',
  '青少年活动中心',
  '图书室',
  '计算机教室',
  '湿地公园',
  '学校报告厅',
  '气象站',
];
const TYPES = [
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
];
const SENTENCES = [
  '教师先讲解了基本原理和安全注意事项',
  '学生分组动手实践并记录观察结果',
  '各小组交流展示了制作过程',
  '活动中学生积极提问，气氛热烈',
  '部分学生记录不够规范，今后需加强指导',
  '邀请了县科协的专家现场指导',
  '同学们认识到科学探究需要耐心和细致',
  '活动结束后评选出优秀作品若干件',
  '家长志愿者协助维持秩序',
  '利用课后服务时间开展',
  '结合学校科技节统一安排',
  '对照课程标准设计了探究任务单',
  '学生撰写了活动心得',
  '拍摄照片和视频留作档案资料',
  '在校园广播中进行了宣传',
  '与兄弟学校开展了交流',
  '材料由学校科技经费统一采购',
  '学生在老师指导下完成了测量和数据整理',
  '通过实验对比发现了影响因素',
  '活动得到了家长和社会的好评',
];
/** Rare phrases (about ten records each): the selective queries of the benchmark. */
export const RARE = [
  '西湖边观察候鸟迁徙',
  '黄河水质检测报告',
  '秦岭大熊猫保护宣传',
  '敦煌壁画颜料研究',
  '麦积山石窟测绘',
  '伏羲庙古柏调查',
];
const CATEGORIES = [
  '青少年科技创新成果',
  '青少年科技实践活动',
  '青少年科技创意',
  '少年儿童科学幻想绘画',
  '小发明',
  '小制作',
  '小论文',
  '调查报告',
  '科学DV',
  '模型',
];
const WORK_OBJECTS = [
  '智能垃圾桶',
  '自动浇花器',
  '教室空气质量监测仪',
  '防近视台灯',
  '多功能书包',
  '太阳能小车',
  '雨水收集装置',
  '节水马桶',
  '未来的海底城市',
  '月球上的学校',
  '会飞的房子',
  '家乡小河水质调查',
  '校园植物分布调查',
  '盲人导航手杖',
  '可折叠晾衣架',
  '防滑拖鞋',
];
const LEVELS = ['国家级', '省级', '市级', '县级', '校级'];
const GRADES = ['一等奖', '二等奖', '三等奖', '优秀奖'];
const CAPTION_BITS = [
  '同学们认真听讲',
  '分组实验',
  '作品展示',
  '颁奖现场',
  '合影留念',
  '放飞航模',
  '观察记录',
  '疏散演练',
  '专家指导',
  '动手制作',
];

export function fillBenchArchive(a: Archive, total = 100_000, seed = 7): BenchCounts {
  const rng = seededRandom(seed);
  const r = rng.next;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  let idn = 0;
  // deterministic uuid-shaped ids (the contract checks the shape)
  const id = () => {
    const h = (idn++).toString(16).padStart(12, '0');
    return `0190a000-0000-7000-8000-${h}`;
  };
  const ts = '2024-09-01T08:00:00.000Z';
  const date = (y0 = 2018, span = 8) => {
    const y = y0 + Math.floor(r() * span);
    return `${y}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
  };
  const sentences = (n: number) => Array.from({ length: n }, () => pick(SENTENCES)).join('。') + '。';
  const name = () => pick(SURNAMES) + pick(GIVEN) + (r() < 0.7 ? pick(GIVEN) : '');

  const n = {
    people: Math.round(total * 0.3),
    activities: Math.round(total * 0.2),
    works: Math.round(total * 0.15),
    awards: Math.round(total * 0.15),
    media: Math.round(total * 0.2),
  };
  const teachers: string[] = [];
  const students: string[] = [];
  const works: string[] = [];
  const competitions: string[] = [];

  a.db.transaction(() => {
    const person = a.db
      .prepare(`INSERT INTO people (id, created_at, updated_at, kind, name, stage, entry_year, class_no, student_no, subject, title)
      VALUES (?, '${ts}', '${ts}', ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (let i = 0; i < n.people; i++) {
      const pid = id();
      if (i % 50 === 0) {
        person.run(
          pid,
          'teacher',
          name(),
          null,
          null,
          null,
          null,
          pick(['科学', '信息技术', '美术', '数学']),
          pick(['一级教师', '二级教师', '科技辅导员']),
        );
        teachers.push(pid);
        continue;
      }
      const entry = 2012 + Math.floor(r() * 14);
      person.run(
        pid,
        'student',
        i === 1 ? '张树茂' : i === 2 ? '曾小红' : i === 3 ? '单雨涵' : name(),
        '小学',
        entry,
        1 + Math.floor(r() * 6),
        `${entry}${String(i).padStart(5, '0')}`,
        null,
        null,
      );
      students.push(pid);
    }
    const comp = a.db.prepare(
      `INSERT INTO competitions (id, created_at, updated_at, name, session, year, organizer, level) VALUES (?, '${ts}', '${ts}', ?, ?, ?, ?, ?)`,
    );
    for (let y = 2018; y <= 2026; y++) {
      for (const [lv, place] of [
        ['县级', '秦州区'],
        ['市级', '天水市'],
        ['省级', '甘肃省'],
        ['国家级', '全国'],
      ] as const) {
        for (const kind of ['青少年科技创新大赛', '青少年机器人竞赛', '中小学电脑制作活动']) {
          const cid = id();
          comp.run(cid, `${place}${kind}`, `第${y - 1985}届`, y, `${place}科学技术协会`, lv);
          competitions.push(cid);
        }
      }
    }
    const act = a.db
      .prepare(`INSERT INTO activities (id, created_at, updated_at, title, type, status, start_date, location, content, process, reflection)
      VALUES (?, '${ts}', '${ts}', ?, ?, 'done', ?, ?, ?, ?, ?)`);
    const teach = a.db.prepare('INSERT INTO activity_teachers (activity_id, person_id, position) VALUES (?, ?, 0)');
    for (let i = 0; i < n.activities; i++) {
      const aid = id();
      const title = `${pick(TOPICS)}${pick(FORMS)}`;
      const rare = r() < 0.003 ? pick(RARE) + '。' : '';
      act.run(
        aid,
        title,
        pick(TYPES),
        date(),
        pick(PLACES),
        `${title}。${sentences(2)}`,
        rare + sentences(3 + Math.floor(r() * 5)),
        sentences(2),
      );
      teach.run(aid, pick(teachers));
    }
    const work = a.db.prepare(
      `INSERT INTO works (id, created_at, updated_at, title, category, stage, summary) VALUES (?, '${ts}', '${ts}', ?, ?, '小学', ?)`,
    );
    const author = a.db.prepare('INSERT INTO work_authors (work_id, person_id, position) VALUES (?, ?, ?)');
    const advisor = a.db.prepare('INSERT INTO work_advisors (work_id, person_id, position) VALUES (?, ?, 0)');
    for (let i = 0; i < n.works; i++) {
      const wid = id();
      const title = `${pick(['', '新型', '简易', '智能', '便携式'])}${pick(WORK_OBJECTS)}`;
      const category = pick(CATEGORIES);
      work.run(wid, title, category, `《${title}》是学生在科技活动中完成的${category}作品。${sentences(2)}`);
      author.run(wid, pick(students), 0);
      advisor.run(wid, pick(teachers));
      works.push(wid);
    }
    const award = a.db
      .prepare(`INSERT INTO awards (id, created_at, updated_at, competition_id, recipient_kind, work_id, level, grade, certificate_no, awarded_on)
      VALUES (?, '${ts}', '${ts}', ?, 'work', ?, ?, ?, ?, ?)`);
    for (let i = 0; i < n.awards; i++)
      award.run(
        id(),
        pick(competitions),
        pick(works),
        pick(LEVELS),
        pick(GRADES),
        `KJ${2018 + (i % 9)}-${String(i).padStart(6, '0')}`,
        date(),
      );
    const media = a.db
      .prepare(`INSERT INTO media (id, created_at, updated_at, sha256, ext, kind, mime, size, original_name, taken_at, caption)
      VALUES (?, '${ts}', '${ts}', ?, 'jpg', 'photo', 'image/jpeg', 1000, ?, ?, ?)`);
    for (let i = 0; i < n.media; i++) {
      media.run(
        id(),
        i.toString(16).padStart(64, '0'),
        `IMG_${String(i).padStart(5, '0')}.JPG`,
        `${date()}T03:00:00.000Z`,
        r() < 0.8 ? `${pick(TOPICS)}${pick(FORMS)}：${pick(CAPTION_BITS)}` : null,
      );
    }
  })();
  return { ...n, competitions: competitions.length };
}
