// Adding files to a record (an activity's photos, a work's files, an award's certificate scan)
// by dropping them or through the system's open dialog.
export const attachments = {
  'pick.mediaFiles': ['选择要导入的照片、视频或文档', 'Choose photos, videos or documents to import'],
  'pick.mediaFolder': ['选择要导入的文件夹（如U盘里的 DCIM）', 'Choose folders to import (e.g. DCIM on a USB stick)'],
  'pick.packageFolder': ['选择要合并的数据包文件夹', 'Choose the package folder to merge'],
  'pick.exportFolder': ['选择导出到哪里（如U盘）', 'Choose where to export (e.g. a USB stick)'],
  'pick.filter.media': ['照片、视频和文档', 'Photos, videos and documents'],
  'pick.filter.all': ['所有文件', 'All files'],
  'pick.unsupported': [
    '浏览器版没有系统的选择窗口，请用页面上的“选择文件”按钮。',
    'The browser version has no system dialog; use the page’s “Choose files” button.',
  ],
  'openMedia.unsupported': [
    '浏览器版请用“下载”保存后再打开。',
    'In the browser version, download the file and open it.',
  ],
  'openMedia.missing': [
    '原文件不在档案中（可能被移走了），请从备份或U盘数据包中找回。',
    'The original is missing from the archive; recover it from a backup or a package.',
  ],
  'openMedia.failed': [
    '电脑上没有能打开这个文件的程序：{detail}',
    'No program on this computer opens this file: {detail}',
  ],
  'openMedia.photo': [
    '照片请在本软件中查看；只有文档和视频可以用电脑上的程序打开。',
    'Photos are viewed in this app; only documents and videos open in another program.',
  ],
  'openMedia.open': ['用电脑上的程序打开', 'Open with this computer’s program'],
  'pick.browse': ['浏览…', 'Browse…'],
  'pick.files': ['选择文件…', 'Choose files…'],
  'pick.folder': ['选择文件夹…', 'Choose a folder…'],
  'attach.drop': ['把文件拖到这里，或', 'Drop files here, or'],
  'attach.dropActive': ['松开鼠标即可导入', 'Release to import'],
  'attach.none': ['还没有文件', 'No files yet'],
  'attach.saveFirst': ['保存后即可添加文件', 'Save first, then add files'],
  'attach.importing': ['正在导入 {done}/{total}…', 'Importing {done}/{total}…'],
  'attach.done': ['已添加 {n} 个文件', '{n} files added'],
  'attach.failed': ['{n} 个文件未能导入：', '{n} files could not be imported:'],
  'attach.busy': ['另一项导入正在进行，请稍候再试', 'Another import is running; try again shortly'],
  'attach.workFiles': [
    '作品照片和材料（拖入照片、视频、说明文档）',
    'Photos and documents of the work (drop photos, videos, documents)',
  ],
  'attach.onlyOf': ['只看这条{kind}记录的文件', 'Only the files of this {kind}'],
  'attach.kind.activity': ['活动', 'activity'],
  'attach.kind.work': ['作品', 'work'],
  'attach.kind.award': ['获奖', 'award'],
  'attach.kind.person': ['成员', 'person'],
  'attach.galleryDrop': [
    '也可以把照片或整个文件夹直接拖到相册里',
    'You can also drop photos or whole folders on the gallery',
  ],
  'attach.personFiles': [
    '个人照片和材料（如个人证书、小论文）',
    'Personal photos and documents (certificates, papers)',
  ],
  'attach.personGallery': ['查看与他/她有关的全部照片', 'All photos involving this person'],
  'attach.open': ['在相册中查看', 'View in the gallery'],
} as const satisfies Record<string, readonly [string, string]>;
