// Every job type the forum runs, mapped to its handler. Add new job types here.
import type { JobHandler } from './runner';

export const jobHandlers: Record<string, JobHandler> = {};
