// Stand-in for the `server-only` marker package under vitest, where everything runs on the server.
export {};
