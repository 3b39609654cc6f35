// Every job type the forum runs, mapped to its handler. Add new job types here.
import type { JobHandler } from './runner';
import { deliverEmailJob } from '../email/outbound/deliver-email-job';
import { deliverGroupSmtpEmail } from '../email/outbound/group-smtp-job';
import { GROUP_SMTP_JOB } from '../email/outbound/group-smtp-plan';

export const jobHandlers: Record<string, JobHandler> = {
  user_email: deliverEmailJob,
  [GROUP_SMTP_JOB]: deliverGroupSmtpEmail,
};
