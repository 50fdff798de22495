import type { ArtifactRef, CompiledSpec, PlanStep } from "@ferry/core/plugin";

/** How the suite observes a target, independently of the plugin's own code paths. */
export interface Harness {
  /** Valid target options for a reference project at `root` (storage roots, emulator endpoints). */
  options(root: string): unknown;
  /** Options the plugin's schema must reject. */
  readonly invalidOptions?: readonly unknown[];
  /** Extra project files for this target, e.g. `conf/base/catalog.yml` pointing at its storage. */
  readonly projectFiles?: Readonly<Record<string, string>>;
  /**
   * Make a fresh reference project at `root` ready for the target, after its files are
   * written: typically {@link relocateReferenceData} to move its data to the target's storage
   * under a prefix of its own, since the target's steps cannot read this machine's files.
   */
  prepareProject?(root: string): Promise<void>;
  /** The bytes the target wrote at a dataset URI. @default read a local file */
  read?(uri: string): Promise<Uint8Array>;
  /**
   * The DAG the native spec will run, read from the compiled files by the harness itself
   * (never by the plugin's reader): step ids and [upstream, downstream] edges.
   */
  dag?(compiled: CompiledSpec): { steps: readonly string[]; edges: readonly (readonly [string, string])[] };
  /**
   * Run one step's command inside a packaged artifact, as the target would (a container for
   * an image, the bundle's folder for a bundle); resolves to the exit status.
   */
  runArtifact?(artifact: ArtifactRef, step: PlanStep, root: string): Promise<number>;
  /**
   * Options that reach the real cloud. The live tier runs only with FERRY_CONFORMANCE_LIVE=1
   * (never in CI): it costs money and needs credentials.
   */
  readonly live?: { options(root: string): unknown };
  /**
   * Make the target's API (its emulator) misbehave: answer the next `count` calls with HTTP
   * 429/503, or refuse the credentials until `reset()`. Targets without an API omit it.
   */
  readonly faults?: {
    throttle(count: number): void;
    rejectCredentials(): void;
    reset(): void;
  };
}
