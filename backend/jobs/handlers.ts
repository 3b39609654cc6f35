// Every job type the forum runs, mapped to its handler. Add new job types here.
import type { JobHandler } from './runner';
import { deliverEmailJob } from '../email/outbound/deliver-email-job';
import { PASSWORD_RESET_JOB, sendPasswordResetJob } from '../services/account-recovery';

export const jobHandlers: Record<string, JobHandler> = {
  user_email: deliverEmailJob,
  [PASSWORD_RESET_JOB]: sendPasswordResetJob,
};
