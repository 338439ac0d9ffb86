import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { test } from 'node:test';
import { pinLookup } from './open-request.ts';

function ask(options: { all?: boolean; family?: number }) {
  const lookup = pinLookup([
    { address: '93.184.215.14', family: 4 },
    { address: '2606:4700::1111', family: 6 },
  ]);
  return new Promise<{ error: unknown; address: string | LookupAddress[]; family?: number }>((resolve) =>
    lookup('whatever.example', options, (error, address, family) => resolve({ error, address, family })),
  );
}

test('pinLookup answers with the vetted addresses whatever the hostname', async () => {
  assert.deepEqual(await ask({}), { error: null, address: '93.184.215.14', family: 4 });
  assert.deepEqual(await ask({ family: 6 }), { error: null, address: '2606:4700::1111', family: 6 });
  const all = await ask({ all: true });
  assert.equal((all.address as LookupAddress[]).length, 2);
  const none = pinLookup([{ address: '93.184.215.14', family: 4 }]);
  await new Promise<void>((resolve) =>
    none('x', { family: 6 }, (error) => {
      assert.equal((error as NodeJS.ErrnoException).code, 'ENOTFOUND');
      resolve();
    }),
  );
});
