import { readGgufFileInfo } from 'node-llama-cpp';
import { writeTinyModel } from '../src/tiny-model';

const out = process.argv[2];
const written = await writeTinyModel(out);
const info = await readGgufFileInfo(written.path, { readTensorInfo: true });
const types = new Set((info.fullTensorInfo ?? []).map((t) => t.ggmlType));
console.log(
  `Wrote ${written.path}: ${(written.bytes / 1024).toFixed(0)} KB, ${written.vocabSize} tokens, ` +
    `${info.fullTensorInfo?.length ?? 0} tensors (ggml types ${[...types].join(', ')}), architecture ${info.metadata.general.architecture}.`,
);
console.log(
  'This is a demo model with random weights: its output is not meaningful. Run `npm run models:pull -- qwen2.5-7b-instruct` for a real one.',
);
