import { describe, expect, it } from 'vitest';
import { cbec } from './test-support.js';

describe('cbec command line', () => {
  it('prints the usage on --help and help topics, exit 0', async () => {
    const help = await cbec(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/cbec ceb parse <file\.xml\|->/);
    expect(help.stdout).toMatch(/cbec adapter new <name> --kind <kind>/);
    const ceb = await cbec(['ceb', '--help']);
    expect(ceb.stdout).toMatch(/"baseTransfer"/);
    expect(ceb.stdout).toMatch(/cli\/examples\/ceb303\.json/);
    expect((await cbec(['help', 'adapter'])).stdout).toMatch(/carrier \| bank \| tax \| customs \| payment \| warehouse \| generic/);
  });

  it('answers an unknown command with exit 2 and the usage on stderr', async () => {
    const r = await cbec(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^cbec: unknown command frobnicate\n/);
    expect(r.stderr).toMatch(/Usage:/);
  });

  it.each([
    [[], /no command given/],
    [['ceb'], /ceb: missing subcommand/],
    [['ceb', 'validate', 'x.xml'], /unknown command ceb validate/],
    [['ceb', 'parse'], /missing <file\.xml>/],
    [['ceb', 'parse', 'a.xml', 'b.xml'], /unexpected argument b\.xml/],
    [['ceb', 'build', 'CEB303Message', 'x.json', '--ouch'], /unknown option --ouch/],
    [['adapter', 'new', 'acme'], /missing --kind/],
    [['adapter', 'new', 'acme', '--kind', 'boat'], /unknown kind boat/],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const r = await cbec(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Usage:/);
  });
});

describe('cbec refund-rates load', () => {
  it('refuses a bad rate file before touching the database, naming each bad line (exit 1)', async () => {
    const r = await cbec(['refund-rates', 'load', '-'], { input: 'hsCode,effectiveFrom,ratePercent,name\n0902300000,2020-03-20,9%,红茶\n', env: { DATABASE_URL: '' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cbec: -: refund rate file refused\n {2}line 2: ratePercent "9%" must be 0 to 100/);
    expect((await cbec(['refund-rates', 'load'])).stderr).toMatch(/missing <file\.csv\|->/);
  });
});
