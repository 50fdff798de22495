import { type Connection, equalsFilter, KfpHttpError, kfp } from "./client.ts";

interface Experiment {
  readonly experiment_id?: string;
  readonly display_name?: string;
}

const known = new Map<string, string>();

async function find(connection: Connection, name: string, phase: string): Promise<string | undefined> {
  const { experiments = [] } = await kfp<{ experiments?: Experiment[] }>(connection, {
    method: "GET",
    path: "/experiments",
    query: { filter: equalsFilter("display_name", name), namespace: connection.namespace, page_size: 10 },
    phase,
    what: `find the experiment '${name}'`,
  });
  return experiments.find((e) => e.display_name === name)?.experiment_id;
}

/**
 * The id of the experiment `name`, created when it does not exist (KFP needs one in
 * multi-user mode). Remembered per process: experiments are not renamed under a running Ferry.
 */
export async function experimentId(connection: Connection, name: string, phase: string): Promise<string> {
  const key = JSON.stringify([connection.url, connection.namespace, name]);
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  let id = await find(connection, name, phase);
  if (id === undefined) {
    try {
      const created = await kfp<Experiment>(connection, {
        method: "POST",
        path: "/experiments",
        json: {
          display_name: name,
          description: "Runs started by Ferry",
          ...(connection.namespace ? { namespace: connection.namespace } : {}),
        },
        phase,
        what: `create the experiment '${name}'`,
      });
      id = created.experiment_id;
    } catch (error) {
      // Another process created it between our look and our create.
      if (!(error instanceof KfpHttpError && error.status === 409)) throw error;
      id = await find(connection, name, phase);
    }
  }
  if (id === undefined) throw new Error(`KFP returned no experiment_id for the experiment '${name}'.`);
  known.set(key, id);
  return id;
}
