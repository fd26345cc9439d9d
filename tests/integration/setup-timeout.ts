// Integration tests wait on real servers: 60 s per test and hook. (A `testTimeout` inside a
// Jest project is ignored by jest-circus, which reads only the global one, hence this file.)
jest.setTimeout(60_000);
