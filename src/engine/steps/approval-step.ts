import type { ApprovalStep, Json } from '../../spec/index.ts';
import { StepFailedError } from '../agent/step-failed-error.ts';
import { approvalId } from '../people/create-decisions.ts';
import { renderTemplate } from '../template/index.ts';
import type { StepKindHandler } from './step-kind.ts';

/**
 * `approval:` steps: a person approves, edits or rejects. The step's output is the approved
 * content (as edited), or `{ approved: true, by, comment }` when it holds none; a rejection fails
 * the step (code `rejected`), and its error policy decides what follows.
 */
export const approvalStep: StepKindHandler<ApprovalStep> = {
  performer: () => ({ agent: 'person', model: '' }),
  agents: () => [],
  async execute(step, context) {
    const content = step.content === undefined ? undefined : (renderTemplate(step.content, context.scope) as Json);
    const approval = await context.ask({
      id: approvalId(context.unit.key, context.attempt),
      kind: 'step',
      message: step.message,
      ...(content === undefined ? {} : { content }),
      options: content === undefined ? ['approve', 'reject'] : ['approve', 'reject', 'edit'],
    });
    const response = approval.response!;
    if (response.decision !== 'approve') {
      throw new StepFailedError({
        code: 'rejected',
        message: `${response.by} rejected it${response.comment ? `: ${response.comment}` : ''}`,
        retryable: false,
      });
    }
    if (content !== undefined) return response.content ?? content;
    return { approved: true, by: response.by, ...(response.comment ? { comment: response.comment } : {}) };
  },
};
