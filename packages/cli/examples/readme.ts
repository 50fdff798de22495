import { main } from "@ferry/cli";

// The CLI as a function: same commands and exit codes as the `ferry` binary.
const code = await main(["list", "nodes", "--json"]);
process.exitCode = code;
