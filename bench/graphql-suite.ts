import type { Workload } from './load.js';

/**
 * GraphQL next to REST on the same kvgate, and next to a bare yoga `{ hello }`: what the
 * GraphQL face adds per request, against what yoga itself costs per request.
 */
export interface GraphQLScenario {
  name: string;
  rest: Workload;
  graphql: Workload;
  /** The goal applies (entry query); otherwise reported only. */
  goal: boolean;
}

const VALUE = 'v'.repeat(64);
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };

const graphql = (query: string, variables: (n: number) => Record<string, unknown>): Workload => ({
  method: 'POST',
  path: () => '/graphql',
  headers: JSON_HEADERS,
  body: (n) => JSON.stringify({ query, variables: variables(n) }),
});

export const YOGA_HELLO = graphql('{ hello }', () => ({}));

export const GRAPHQL_SCENARIOS: GraphQLScenario[] = [
  {
    name: 'entry query / GET',
    goal: true,
    rest: { method: 'GET', path: () => '/v1/kv/bench/one' },
    graphql: graphql('query ($key: String!) { entry(key: $key) { key value flags modifyIndex } }', () => ({ key: 'bench/one' })),
  },
  {
    name: 'put mutation / PUT',
    goal: false,
    rest: { method: 'PUT', path: () => '/v1/kv/bench/gput', body: (n) => `${VALUE}${n}` },
    graphql: graphql(
      'mutation ($key: String!, $value: String!) { put(key: $key, value: $value) { ... on PutSuccess { entry { modifyIndex } } } }',
      (n) => ({ key: 'bench/gput', value: `${VALUE}${n}` }),
    ),
  },
];
