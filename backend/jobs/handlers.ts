// Every job type the forum runs, mapped to its handler. Add new job types here.
import type { JobHandler } from './runner';
import { deliverEmailJob } from '../email/outbound/deliver-email-job';
import { SCHEDULED_POST_JOB, scheduledPostJob } from '../services/scheduled-posts';

export const jobHandlers: Record<string, JobHandler> = {
  user_email: deliverEmailJob,
  [SCHEDULED_POST_JOB]: scheduledPostJob,
};
