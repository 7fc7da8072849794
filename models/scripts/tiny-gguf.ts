import { parseArgs } from 'node:util';
import { readGgufFileInfo } from 'node-llama-cpp';
import { choiceOption } from '@helpdesk/config/cli/args';
import { SYNTHETIC_SIZES, syntheticModelPath, writeTinyModel, type SyntheticSize } from '../src/tiny-model';

const { values, positionals } = parseArgs({ options: { size: { type: 'string', default: 'tiny' } }, allowPositionals: true });
const size = choiceOption('size', values.size, Object.keys(SYNTHETIC_SIZES) as SyntheticSize[]);
const written = await writeTinyModel(positionals[0] ?? syntheticModelPath(size), size);
const info = await readGgufFileInfo(written.path, { readTensorInfo: true });
const types = new Set((info.fullTensorInfo ?? []).map((t) => t.ggmlType));
console.log(
  `Wrote ${written.path}: ${(written.bytes / 1024).toFixed(0)} KB, ${written.vocabSize} tokens, ` +
    `${info.fullTensorInfo?.length ?? 0} tensors (ggml types ${[...types].join(', ')}), architecture ${info.metadata.general.architecture}.`,
);
console.log(
  size === 'tiny'
    ? 'This is a demo model with random weights: its output is not meaningful. Run `npm run models:pull -- qwen2.5-7b-instruct` for a real one.'
    : 'A synthetic model with random weights, sized like a small real one, for benchmarks only: its output is not meaningful.',
);
