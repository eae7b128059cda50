import { readAhead } from './read-ahead';

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

async function* taskList<T>(tasks: Array<() => Promise<T>>): AsyncGenerator<() => Promise<T>> {
  yield* tasks;
}

describe('readAhead', () => {
  it('yields results in task order while later tasks run', async () => {
    const started: number[] = [];
    const tasks = [30, 5, 20, 1, 10].map((ms, index) => () => {
      started.push(index);
      return delay(ms, index);
    });

    const results: number[] = [];
    for await (const result of readAhead(taskList(tasks), 3)) {
      results.push(result);
      if (result === 0) expect(started).toEqual([0, 1, 2, 3]);
    }

    expect(results).toEqual([0, 1, 2, 3, 4]);
  });

  it('runs at most depth tasks at once', async () => {
    let running = 0;
    let maxRunning = 0;
    const tasks = Array.from({ length: 8 }, () => async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await delay(5, null);
      running -= 1;
    });

    for await (const result of readAhead(taskList(tasks), 2)) expect(result).toBeUndefined();

    expect(maxRunning).toBe(2);
  });

  it('ends with the error of a failed task', async () => {
    const tasks = [() => delay(1, 'a'), () => Promise.reject(new Error('read failed')), () => delay(1, 'c')];

    const results: string[] = [];
    const consume = async () => {
      for await (const result of readAhead(taskList(tasks), 2)) results.push(result);
    };

    await expect(consume()).rejects.toThrow('read failed');
    expect(results).toEqual(['a']);
  });

  it('closes the task source when the consumer stops early', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<() => Promise<number>> {
      try {
        for (let index = 0; ; index++) yield () => delay(1, index);
      } finally {
        closed = true;
      }
    }

    for await (const result of readAhead(source(), 2)) {
      if (result === 3) break;
    }

    expect(closed).toBe(true);
  });
});
