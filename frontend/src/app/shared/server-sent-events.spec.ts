import { ReadableStream } from 'node:stream/web';
import { TextDecoder, TextEncoder } from 'node:util';

import { readServerSentEvents, ServerSentEvent } from './server-sent-events';

// jsdom has neither TextDecoder nor ReadableStream; Node's are the ones browsers implement.
Object.assign(globalThis, { TextDecoder });

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function readAll(chunks: string[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  await readServerSentEvents(streamOf(chunks) as unknown as globalThis.ReadableStream<Uint8Array>, (event) => events.push(event));
  return events;
}

describe('readServerSentEvents', () => {
  it('reads named events', async () => {
    expect(await readAll(['event: summary\ndata: {"a":1}\n\n'])).toEqual([{ event: 'summary', data: '{"a":1}' }]);
  });

  it('joins events split across chunks', async () => {
    const events = await readAll(['event: sum', 'mary\nda', 'ta: {"a"', ':2}\n', '\nevent: summary\ndata: 3\n\n']);

    expect(events).toEqual([
      { event: 'summary', data: '{"a":2}' },
      { event: 'summary', data: '3' },
    ]);
  });

  it('skips comments and events without data', async () => {
    expect(await readAll([': keep-alive\n\nevent: keepalive\n\n', 'data: x\n\n'])).toEqual([{ event: 'message', data: 'x' }]);
  });

  it('joins data lines and accepts CRLF', async () => {
    expect(await readAll(['data: one\r\ndata: two\r\n\r\n'])).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('drops an unfinished last event', async () => {
    expect(await readAll(['data: complete\n\ndata: cut'])).toEqual([{ event: 'message', data: 'complete' }]);
  });
});
