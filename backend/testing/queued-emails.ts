// What the forum has queued to email: the payloads of the user_email jobs waiting in the job
// queue (tests assert on them before any job runs).
import type { Db } from '../db/database';

/** Every queued user_email job's payload, parsed; the caller names the fields it reads. */
export async function userEmailJobPayloads<T>(db: Db): Promise<T[]> {
  const jobs = await db.selectFrom('jobs').select('payload').where('type', '=', 'user_email').execute();
  return jobs.map((j) => JSON.parse(j.payload) as T);
}
