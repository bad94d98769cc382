// The body of an audit worker thread: component problems in, answers out.
// Pure computation over what the message holds; nothing is read from disk.
import { parentPort } from 'node:worker_threads';
import { boundComponent } from './bounds';
import { getHighs } from './lp';
import type { SolveRequest, SolveReply } from './workers';

const port = parentPort;
if (!port) throw new Error('solver-thread-main.ts runs only as a worker thread');

port.on('message', async (req: SolveRequest) => {
  let reply: SolveReply;
  try {
    const highs = await getHighs();
    const answer = boundComponent(highs, req.problem, {
      protectionLevel: req.protectionLevel,
      exact: req.exact,
      describe: () => req.description,
      seeds: req.seeds,
    });
    reply = { id: req.id, answer };
  } catch (e) {
    const err = e as Error;
    reply = { id: req.id, error: { name: err.name, message: err.message, stack: err.stack ?? '' } };
  }
  port.postMessage(reply);
});
