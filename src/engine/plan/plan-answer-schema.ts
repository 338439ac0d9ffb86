import type { JsonSchema } from '../../spec/index.ts';

/**
 * The JSON Schema of a planner answer: new tasks (agent is one of the team), tasks to cancel, and
 * whether the plan is done. Every property is required and no others are allowed, as strict
 * structured-output modes want; the engine still checks everything (`checkPlanAnswer`).
 */
export function planAnswerSchema(team: string[]): JsonSchema {
  return {
    type: 'object',
    properties: {
      tasks: {
        type: 'array',
        description: 'New tasks (all of them in the first round; only new ones in a revision).',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string', description: 'Short and unique: letters, digits, - and _, e.g. t1.' },
            agent: { type: 'string', enum: team, description: 'The team member who does the task.' },
            instructions: { type: 'string', description: 'What to do, complete on their own.' },
            dependsOn: {
              type: 'array',
              items: { type: 'string' },
              description: 'Ids of the tasks whose results this task needs.',
            },
          },
          required: ['id', 'agent', 'instructions', 'dependsOn'],
          additionalProperties: false,
        },
      },
      cancel: {
        type: 'array',
        description: 'Tasks not started yet that are no longer needed.',
        items: {
          type: 'object',
          properties: { id: { type: 'string' }, reason: { type: 'string' } },
          required: ['id', 'reason'],
          additionalProperties: false,
        },
      },
      done: { type: 'boolean', description: 'True when the plan needs no further revision.' },
    },
    required: ['tasks', 'cancel', 'done'],
    additionalProperties: false,
  };
}
