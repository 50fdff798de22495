// The docker-registry test peer: where package pushes the project's image. Package finds its
// credentials the way users' do, in a Docker config file (DOCKER_CONFIG); the emulator pulls
// with the same credentials.
import { rmSync } from "node:fs";
import { basicAuth } from "@ferry/oci";
import { pushTestBase, useDockerLogin } from "@ferry/oci/testing";
import { peer } from "@ferry/repo-scripts/peers";
import { afterAll } from "vitest";

export const registry = peer("registry");

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
export const pullAuth = registry.endpoints && basicAuth(registry.endpoints);

/** Point DOCKER_CONFIG at the peer's credentials, as `docker login` writes them. */
export function dockerLogin(): string {
  const dir = useDockerLogin(registry.endpoints ?? { host: "", username: "", password: "" });
  made.push(dir);
  return dir;
}

/** No base image can be pulled from the internet here: push a tiny one (the steps run the host's Node). */
export function pushTinyBase(): Promise<string> {
  return pushTestBase(`${registry.endpoints?.host}/kubeflow-test/base`, pullAuth);
}
