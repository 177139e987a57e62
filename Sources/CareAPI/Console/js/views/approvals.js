// The county's approval list (申请审批): applications the streets have submitted, the oldest
// deadline first; each opens with its documents and steps to approve or return it.
import { fill } from '../dom.js';
import { t } from '../i18n.js';
import { heading } from './common.js';
import { caseTable } from './cases.js';

export async function render(view, ctx) {
  const table = caseTable(ctx, { id: 'approval-table', fixed: { kind: 'application', status: 'submitted' }, filters: false });
  fill(view, heading(t('screenApprovals')), table.el);
  await table.refresh();
}
