// Starts hoodiecrow-imap on a free port of 127.0.0.1 with one account (user "guild", password "secret") and the folders
// INBOX and Processed, prints "port <n>" and stops when standard input closes (the test process ended or let go of it).
import hoodiecrow from 'hoodiecrow-imap';

const server = hoodiecrow({
  plugins: ['ID', 'UIDPLUS', 'MOVE', 'LITERALPLUS', 'ENABLE', 'UNSELECT', 'SPECIAL-USE'],
  users: { guild: { password: 'secret' } },
  storage: {
    INBOX: { messages: [] },
    '': { separator: '/', folders: { Processed: { messages: [] } } },
  },
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`port ${server.server.address().port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
