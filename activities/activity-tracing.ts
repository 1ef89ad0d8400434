import { Context } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { traced } from '../core/index.js';

/**
 * One span per activity execution (`tollgate.activity <type>`), with the workflow, the task
 * queue and the attempt: agent, cloud and ingest spans started inside the activity nest under
 * it. A no-op when no tracer provider is registered (no OTLP endpoint).
 */
export const activityTracing: ActivityInterceptorsFactory = () => ({
  inbound: {
    execute: (input, next) => {
      const info = Context.current().info;
      return traced(
        'tollgate-activities',
        `tollgate.activity ${info.activityType}`,
        {
          'temporal.activity.type': info.activityType,
          'temporal.activity.attempt': info.attempt,
          'temporal.workflow.id': info.workflowExecution?.workflowId ?? '',
          'temporal.workflow.type': info.workflowType ?? '',
          'temporal.task_queue': info.taskQueue,
        },
        () => next(input),
      );
    },
  },
});
