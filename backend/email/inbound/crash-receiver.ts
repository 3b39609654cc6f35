// A child process for the receiver's crash test: receives group emails from new senders in a
// loop until it is killed (kill -9), so the test can check that nothing was lost or doubled.
import { pathToFileURL } from 'node:url';
import { openContext } from '../../main';
import { receiveEmail } from './receive-email';

export function crashTestEmail(i: number): string {
  return [
    `From: Sender ${i} <sender${i}@crash.test>`,
    'To: team@bar.com',
    `Subject: Crash test message ${i}`,
    `Message-ID: <crash-${i}@crash.test>`,
    'Content-Type: text/plain; charset=UTF-8',
    '',
    `This is crash test message number ${i}.`,
    '',
  ].join('\r\n');
}

// Only when run as a program (the test imports crashTestEmail from here too).
const dataDir = process.argv[2];
if (dataDir && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { ctx } = await openContext(dataDir);
  for (let i = 0; ; i++) {
    await receiveEmail(ctx, crashTestEmail(i), { source: 'smtp' });
    if (i === 10) console.log('receiving');
  }
}
