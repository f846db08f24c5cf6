// Excel and CSV, both ways: what other pages mount.
//   <ImportButton kind="roster" />   on 成员;   <ImportButton kind="awards" />   on 作品与获奖
//   <ExportButton list="students" filter={theFilterThePagePassesToPeopleList} />
export { ImportDialog, type ImportDialogProps } from './ImportDialog';
export { ImportButton } from './ImportButton';
export { ExportButton, saveBytes, type ExportButtonProps } from './ExportButton';
