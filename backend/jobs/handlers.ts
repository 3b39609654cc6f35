// Every job type the forum runs, mapped to its handler, and the recurring ones. Add new job
// types here.
import type { JobHandler } from './runner';
import { deliverEmailJob } from '../email/outbound/deliver-email-job';
import { deliverGroupSmtpEmail } from '../email/outbound/group-smtp-job';
import { GROUP_SMTP_JOB } from '../email/outbound/group-smtp-plan';
import { PASSWORD_RESET_JOB, sendPasswordResetJob } from '../services/account-recovery';
import { SCHEDULED_POST_JOB, scheduledPostJob } from '../services/scheduled-posts';
import { recurringHandler, type RecurringJob } from './recurring';
import { resetBounceScoresJob } from './reset-bounce-scores';

export const recurringJobs: RecurringJob[] = [resetBounceScoresJob];

export const jobHandlers: Record<string, JobHandler> = {
  user_email: deliverEmailJob,
  [GROUP_SMTP_JOB]: deliverGroupSmtpEmail,
  [PASSWORD_RESET_JOB]: sendPasswordResetJob,
  [SCHEDULED_POST_JOB]: scheduledPostJob,
  ...Object.fromEntries(recurringJobs.map((j) => [j.type, recurringHandler(j)])),
};
