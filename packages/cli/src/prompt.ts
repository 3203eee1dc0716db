import type { CliIo } from "./context.ts";
import { CliError, EXIT } from "./errors.ts";

/** Reads a line from the terminal without echoing it (for passwords). */
export function promptHidden(io: CliIo, question: string): Promise<string> {
  const { stdin, stderr } = io;
  if (!stdin.isTTY || !stdin.setRawMode) {
    return Promise.reject(
      new CliError(EXIT.usage, "端末から実行していません。", "Not running in a terminal."),
    );
  }
  const setRawMode = stdin.setRawMode.bind(stdin);
  stderr.write(question);
  setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = () => {
      setRawMode(false);
      stdin.pause();
      stdin.removeListener("data", onData);
      stderr.write("\n");
    };
    const onData = (chunk: string | Buffer) => {
      for (const character of String(chunk)) {
        if (character === "\r" || character === "\n" || character === "\u0004") {
          finish();
          resolve(value);
          return;
        }
        if (character === "\u0003") {
          finish();
          reject(new CliError(EXIT.interrupted, "中断しました。", "Interrupted."));
          return;
        }
        if (character === "\u007f" || character === "\b") value = value.slice(0, -1);
        else value += character;
      }
    };
    stdin.on("data", onData);
  });
}
