import { parseArgs } from 'node:util';
import { startSmtpCapture } from './smtp-capture';

// Used by e2e and local demos: `tsx packages/testkit/src/smtp-capture-cli.ts --port 2525 --dir e2e/.mailbox`.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '2525' },
    host: { type: 'string', default: '127.0.0.1' },
    dir: { type: 'string', default: 'e2e/.mailbox' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port: expected an integer 0-65535, got "${values.port}"`);
  process.exit(2);
}

const capture = await startSmtpCapture({ port, host: values.host, dir: values.dir });
console.log(`SMTP capture listening on ${capture.url}, writing to ${values.dir}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void capture.close().then(() => process.exit(0));
  });
}
