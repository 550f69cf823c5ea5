// Starts s3rver, a local S3-compatible server, for the storage tests (tests/Guild.Tests/Platform/Storage/S3TestServer.cs).
// Listens on a free port of 127.0.0.1 and prints "listening <port>"; stops when its standard input closes, so the
// server never outlives the test process that started it, even when that process is killed.
import S3rver from 's3rver';

const directory = process.argv[2];
if (!directory) {
  console.error('usage: node start.mjs <data directory>');
  process.exit(2);
}
const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, vhostBuckets: false });
const { port } = await server.run();
console.log(`listening ${port}`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
