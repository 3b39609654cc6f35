// A child process for the crash test: sends PMs to new addresses in a loop until killed.
import { openContext } from '../main';
import { createAccount } from '../services/create-account';
import { sendPrivateMessage } from '../services/send-private-message';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-writer <data dir>');
const { ctx } = await openContext(dataDir);
const { user } = await createAccount(ctx, {
  username: 'writer',
  email: 'writer@example.com',
  password: 'a-long-password-1',
  active: true,
  admin: true,
});
for (let i = 0; ; i++) {
  await sendPrivateMessage(ctx, user, {
    title: `Message number ${i}`,
    raw: `Body of message ${i}`,
    targetRecipients: `guest${i}@example.org,other${i}@example.org`,
  });
  if (i === 20) console.log('writing');
}
