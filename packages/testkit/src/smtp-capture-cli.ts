import { parseArgs } from 'node:util';
import { integerOption } from '@helpdesk/config/cli/args';
import { startSmtpCapture } from './smtp-capture';
import { startCaptureInbox } from './smtp-capture-inbox';

// Used by e2e and `npm start`: `tsx packages/testkit/src/smtp-capture-cli.ts --port 2525 --dir e2e/.mailbox [--http-port 2580]`.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '2525' },
    host: { type: 'string', default: '127.0.0.1' },
    dir: { type: 'string', default: 'e2e/.mailbox' },
    'http-port': { type: 'string' },
  },
});

const port = integerOption('port', values.port, 0, 65535);
const httpPort = values['http-port'] === undefined ? undefined : integerOption('http-port', values['http-port'], 0, 65535);

const capture = await startSmtpCapture({ port, host: values.host, dir: values.dir });
console.log(`SMTP capture listening on ${capture.url}, writing to ${values.dir}`);
const inbox = httpPort === undefined ? undefined : await startCaptureInbox(capture, { port: httpPort, host: values.host });
if (inbox) console.log(`Mail catcher inbox at ${inbox.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void Promise.all([capture.close(), inbox?.close()]).then(() => process.exit(0));
  });
}
