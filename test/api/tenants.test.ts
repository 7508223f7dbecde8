import { expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { TenantError } from '../../src/streams/errors.js';
import { collectAll, forEachBackend, openStore } from './support/backends.js';

const issued = (n: string) => ({ topic: 'InvoiceIssued', number: n });

async function twoTenants(backend: Parameters<typeof openStore>[0]) {
  const opened = await openStore(backend);
  const acme = opened.store.scopedForTenant('acme');
  const globex = opened.store.scopedForTenant('globex');
  await acme.stream('invoices/1').append([issued('acme-1')]);
  await globex.stream('invoices/1').append([issued('globex-1')]);
  await opened.store.stream('invoices/1').append([issued('default-1')]);
  return { ...opened, acme, globex };
}

forEachBackend('Tenants', (backend) => {
  it('keeps streams of the same id apart per tenant', async () => {
    const { acme, globex, store } = await twoTenants(backend);
    const numbers = async (s: typeof store) =>
      (await s.stream('invoices/1').load()).map((e) => e.event.number);
    expect(await numbers(acme)).toEqual(['acme-1']);
    expect(await numbers(globex)).toEqual(['globex-1']);
    expect(await numbers(store)).toEqual(['default-1']);
  });

  it('cannot read another tenant stream by naming its recorded id', async () => {
    const { acme } = await twoTenants(backend);
    // Tried: the id globex's stream is recorded under. Kept out: it is refused, not read.
    expect(() => acme.stream('@globex/invoices/1')).toThrow(TenantError);
    expect(() => acme.stream('@globex/invoices/1')).toThrow(/scopedForTenant/);
    // Tried: globex's plain id. Read: acme's own stream of that id, not globex's.
    expect((await acme.stream('invoices/1').load()).map((e) => e.event.number)).toEqual(['acme-1']);
  });

  it('reads only its own events from a category', async () => {
    const { acme, store } = await twoTenants(backend);
    const read = await acme.category('invoices').read();
    expect(read.map((e) => e.event.number)).toEqual(['acme-1']);
    expect(read.every((e) => e.tenant === 'acme')).toBe(true);
    expect((await store.category('invoices').read()).map((e) => e.event.number)).toEqual([
      'default-1',
    ]);
  });

  it('reads only its own events from the log', async () => {
    const { globex } = await twoTenants(backend);
    const events = await collectAll(globex.log().events({ pageSize: 1 }));
    expect(events.map((e) => [e.streamId, e.event.number])).toEqual([['invoices/1', 'globex-1']]);
  });

  it('cannot append to another tenant stream', async () => {
    const { acme, globex } = await twoTenants(backend);
    // Tried: appending to globex's recorded id from acme. Kept: globex's stream as it was.
    const stream = () => acme.stream('@globex/invoices/1');
    expect(stream).toThrow(TenantError);
    await expect(
      acme.appendMany([
        { streamId: '@globex/invoices/1', events: [issued('x')], expectedVersion: 1 },
      ]),
    ).rejects.toBeInstanceOf(TenantError);
    expect(await globex.stream('invoices/1').version()).toBe(1);
  });

  it('appending to its own stream of the same id never touches another tenant', async () => {
    const { acme, globex } = await twoTenants(backend);
    await acme.stream('invoices/1').append([issued('acme-2')], { expectedVersion: 1 });
    expect(await acme.stream('invoices/1').version()).toBe(2);
    expect(await globex.stream('invoices/1').version()).toBe(1);
  });

  it('cannot delete another tenant stream', async () => {
    const { acme, globex, store } = await twoTenants(backend);
    expect(() => acme.stream('@globex/invoices/1')).toThrow(TenantError);
    expect(() => store.stream('@globex/invoices/1')).toThrow(TenantError);
    // Deleting its own stream of the same id leaves globex's and the default tenant's.
    expect(await acme.stream('invoices/1').delete()).toBe(1);
    expect(await globex.stream('invoices/1').version()).toBe(1);
    expect(await store.stream('invoices/1').version()).toBe(1);
  });

  it('cannot escape through a category or tenant name', async () => {
    const { acme } = await twoTenants(backend);
    expect(() => acme.category('@globex')).toThrow(TenantError);
    expect(() => acme.category('a/b')).toThrow(DataError);
    expect(() => acme.scopedForTenant('globex/invoices')).toThrow(TenantError);
    expect(() => acme.scopedForTenant('')).toThrow(TenantError);
  });
});
