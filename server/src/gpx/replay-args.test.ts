import { describe, expect, it } from 'vitest';
import { parseReplayArgs, UsageError } from './replay-args';

const FILE_AND_COURIER = ['track.gpx', '--courier', '7'];

function usageError(argv: string[], env: Record<string, string> = {}): string {
  try {
    parseReplayArgs(argv, env);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error('the arguments were accepted');
}

describe('parseReplayArgs', () => {
  it('has defaults that reach a server on this machine at recorded speed', () => {
    expect(parseReplayArgs([...FILE_AND_COURIER, '--token', 'dev-token'], {})).toEqual({
      file: 'track.gpx',
      courierId: 7,
      serverUrl: 'http://127.0.0.1:3000',
      speedup: 1,
      credentials: { kind: 'token', token: 'dev-token' },
    });
  });

  it('reads the server, the speedup and a login given as flags, in any order', () => {
    const options = parseReplayArgs(
      [
        '--speedup',
        '2.5',
        '--email',
        'a@b.c',
        'ride.gpx',
        '--password',
        'pw',
        '--courier',
        '3',
        '--server',
        'https://dispatch.example.com/',
      ],
      {},
    );
    expect(options).toEqual({
      file: 'ride.gpx',
      courierId: 3,
      serverUrl: 'https://dispatch.example.com',
      speedup: 2.5,
      credentials: { kind: 'login', email: 'a@b.c', password: 'pw', source: '--email/--password' },
    });
  });

  it('takes the login from DISPATCH_EMAIL and DISPATCH_PASSWORD', () => {
    const options = parseReplayArgs(FILE_AND_COURIER, {
      DISPATCH_EMAIL: 'd@x.y',
      DISPATCH_PASSWORD: 'secret',
      ADMIN_EMAIL: 'admin@x.y',
      ADMIN_PASSWORD: 'other',
    });
    expect(options).toMatchObject({
      credentials: {
        email: 'd@x.y',
        password: 'secret',
        source: 'DISPATCH_EMAIL/DISPATCH_PASSWORD',
      },
    });
  });

  it("falls back to the server's ADMIN_EMAIL and ADMIN_PASSWORD", () => {
    const options = parseReplayArgs(FILE_AND_COURIER, {
      ADMIN_EMAIL: 'admin@x.y',
      ADMIN_PASSWORD: 'admin-password',
    });
    expect(options).toMatchObject({
      credentials: { email: 'admin@x.y', password: 'admin-password' },
    });
  });

  it('lets a flag email combine with a password from the environment', () => {
    const options = parseReplayArgs([...FILE_AND_COURIER, '--email', 'me@x.y'], {
      DISPATCH_PASSWORD: 'secret',
    });
    expect(options).toMatchObject({
      credentials: { email: 'me@x.y', password: 'secret', source: '--email/DISPATCH_PASSWORD' },
    });
  });

  it('leaves credentials empty when none are given, for the demo login to fill in', () => {
    expect(parseReplayArgs(FILE_AND_COURIER, {})).toMatchObject({ credentials: null });
  });

  it('ignores login variables when a device token is given', () => {
    expect(
      parseReplayArgs([...FILE_AND_COURIER, '--token', 't'], { DISPATCH_EMAIL: 'd@x.y' }),
    ).toMatchObject({ credentials: { kind: 'token', token: 't' } });
  });

  it('answers --help without needing anything else', () => {
    expect(parseReplayArgs(['--help'], {})).toBe('help');
  });

  it('refuses an unknown flag', () => {
    expect(usageError([...FILE_AND_COURIER, '--speed', '3'])).toBe("Unknown option '--speed'");
  });

  it('refuses a flag without its value', () => {
    expect(usageError(['t.gpx', '--courier', '--speedup', '2'])).toMatch(
      /^Option '--courier' argument is ambiguous\. Did you forget/,
    );
  });

  it('refuses a missing file or courier', () => {
    expect(usageError(['--courier', '7'])).toBe('a GPX file is required');
    expect(usageError(['track.gpx'])).toBe('--courier ID is required');
  });

  it('refuses more than one file', () => {
    expect(usageError(['a.gpx', 'b.gpx', '--courier', '1'])).toMatch(/one GPX file at a time/);
  });

  it('refuses a courier id that is not a whole number >= 1', () => {
    for (const id of ['abc', '0', '-3', '2.5', '1e3', ''])
      expect(usageError(['t.gpx', `--courier=${id}`]), id).toMatch(
        /^--courier .* is not a courier id/,
      );
  });

  it('refuses a speedup that is not a number or not above zero', () => {
    expect(usageError([...FILE_AND_COURIER, '--speedup', 'fast'])).toBe(
      '--speedup fast is not a number',
    );
    expect(usageError([...FILE_AND_COURIER, '--speedup', '0'])).toBe(
      '--speedup must be > 0, got 0',
    );
    expect(usageError([...FILE_AND_COURIER, '--speedup=-2'])).toBe('--speedup must be > 0, got -2');
  });

  it('refuses a server that is not an http URL', () => {
    expect(usageError([...FILE_AND_COURIER, '--server', 'localhost:3000'])).toMatch(
      /must be an http/,
    );
    expect(usageError([...FILE_AND_COURIER, '--server', 'not a url'])).toMatch(/is not a URL/);
  });

  it('refuses a token together with a login', () => {
    expect(usageError([...FILE_AND_COURIER, '--token', 't', '--email', 'a@b.c'])).toMatch(
      /either --token or --email/,
    );
  });

  it('refuses half a login', () => {
    expect(usageError([...FILE_AND_COURIER, '--email', 'a@b.c'])).toBe(
      '--email is set but no password: pass --password',
    );
    expect(usageError(FILE_AND_COURIER, { DISPATCH_PASSWORD: 'pw' })).toBe(
      'DISPATCH_PASSWORD is set but no email: pass --email',
    );
  });
});
