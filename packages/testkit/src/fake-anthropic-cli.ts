import { parseArgs } from 'node:util';
import { integerOption } from '@helpdesk/config/cli/args';
import { startFakeAnthropic } from './fake-anthropic';

// Used by e2e and local demos: `tsx packages/testkit/src/fake-anthropic-cli.ts --port 4010`.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    'delta-delay': { type: 'string', default: '30' },
  },
});

const port = integerOption('port', values.port, 0, 65535);

const server = await startFakeAnthropic({ port, host: values.host, deltaDelayMs: Number(values['delta-delay']) });
console.log(`fake Anthropic Messages API listening on ${server.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
