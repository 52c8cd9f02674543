// Browser tests drive real pages: give each test a minute (Jest ignores testTimeout set on a project).
jest.setTimeout(60_000);
