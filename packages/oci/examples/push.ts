import { authByRegistry, buildImage, ecrAuth, layerFromDir, pushImage } from "@ferry/oci";

const registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

/** Push the app on `base` (pinned by digest, e.g. node:24-slim@sha256:…); returns what specs reference. */
export async function pushApp(base: string): Promise<string> {
  // ECR credentials for the target; the base's registry (Docker Hub) anonymously.
  const auth = authByRegistry({ [registry]: ecrAuth() });
  const deps = await layerFromDir("build/deps", { prefix: "app/node_modules" });
  const app = await layerFromDir("build/app", { prefix: "app", exclude: (path) => path.endsWith(".map") });
  const image = await buildImage({
    auth,
    base,
    layers: [deps, app],
    config: { entrypoint: ["node", "/app/main.js"], env: { NODE_ENV: "production" }, workingDir: "/app" },
  });
  const pushed = await pushImage(image, `${registry}/spaceflights`, { auth });
  return pushed.ref; // 123456789012.dkr.ecr.us-east-1.amazonaws.com/spaceflights@sha256:…
}
