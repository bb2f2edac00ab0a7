// Vitest global setup: one throwaway PostgreSQL cluster for the whole run
// (scripts/postgres-cluster.mjs), its URL provided to the tests as
// `inject('postgresUrl')`, stopped when the run ends.
import { startPostgres } from './postgres-cluster.mjs';

export default async function setup(project) {
  const cluster = await startPostgres();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
