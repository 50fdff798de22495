import type { RunProgress } from "@ferry/core";
import { duration, type Output } from "./output.ts";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * A live status line on a TTY: phase, nodes done/total, what is running. Off a TTY it
 * prints only what nodes log (the summary at the end is printed by the command).
 */
export function createProgress(output: Output) {
  const logLine = (node: string, message: string) => `${output.style("dim", `[${node}]`)} ${message}`;
  if (!output.tty) {
    return {
      onProgress: (p: RunProgress) => p.type === "log" && output.out(logLine(p.node, p.message)),
      stop: () => {},
    };
  }
  let phase = "plan";
  let total = 0;
  let done = 0;
  const running = new Set<string>();
  let frame = 0;
  const started = Date.now();
  const draw = () => {
    const spin = output.style("cyan", FRAMES[frame++ % FRAMES.length] ?? "");
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const now = [...running].slice(0, 3).join(", ") + (running.size > 3 ? ` +${running.size - 3}` : "");
    const text = phase === "run" ? `[${done}/${total}] ${now}` : `${phase}…`;
    process.stdout.write(`\r\x1b[2K${spin} ${text} ${output.style("dim", `${secs}s`)}`);
  };
  const timer = setInterval(draw, 80);
  timer.unref();
  return {
    onProgress(p: RunProgress) {
      if (p.type === "phase") phase = p.phase;
      else if (p.type === "log") process.stdout.write(`\r\x1b[2K${logLine(p.node, p.message)}\n`);
      else if (p.type === "run-start") total = p.nodes.length;
      else if (p.type === "node-start") running.add(p.node);
      else if (p.type === "node-end" || p.type === "node-fail") {
        running.delete(p.node);
        done += p.type === "node-end" ? 1 : 0;
        const mark = p.type === "node-end" ? output.style("green", "✔") : output.style("red", "✖");
        process.stdout.write(`\r\x1b[2K${mark} ${p.node} ${output.style("dim", duration(p.durationMs))}\n`);
      }
    },
    stop() {
      clearInterval(timer);
      process.stdout.write("\r\x1b[2K");
    },
  };
}
