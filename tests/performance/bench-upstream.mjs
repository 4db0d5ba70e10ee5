// A fixed, fast OpenAI-compatible upstream for the server benchmark (perf-anchors §1.1): POST
// …/chat/completions answers a fixed `chat.completion`, or with `"stream": true` a fixed SSE stream
// (role chunk, 2 deltas, finish chunk, usage chunk, [DONE]) in one write. Usage: node bench-upstream.mjs PORT
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const created = 1_735_689_600;
const completion = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created,
  model: 'gpt-5-mini',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Hello! How can I help you today?', refusal: null },
      finish_reason: 'stop',
      logprobs: null,
    },
  ],
  usage: { prompt_tokens: 9, completion_tokens: 9, total_tokens: 18 },
});
const chunk = (choices, usage) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: 'gpt-5-mini', choices, ...(usage === undefined ? {} : { usage }) })}\n\n`;
const delta = (content) => [{ index: 0, delta: { content }, finish_reason: null, logprobs: null }];
const stream = Buffer.from(
  chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null }], null) +
    chunk(delta('Hello! How can '), null) +
    chunk(delta('I help you today?'), null) +
    chunk([{ index: 0, delta: {}, finish_reason: 'stop', logprobs: null }], null) +
    chunk([], { prompt_tokens: 9, completion_tokens: 9, total_tokens: 18 }) +
    'data: [DONE]\n\n',
);
const json = Buffer.from(completion);

createServer((req, res) => {
  const chunks = [];
  req.on('data', (data) => chunks.push(data));
  req.on('end', () => {
    const streaming = Buffer.concat(chunks).includes('"stream":true');
    res.writeHead(200, {
      'content-type': streaming ? 'text/event-stream' : 'application/json',
      'content-length': streaming ? stream.length : json.length,
    });
    res.end(streaming ? stream : json);
  });
}).listen(port, '127.0.0.1', () => process.stdout.write(`listening ${port}\n`));
