/** Writing to the streams the CLI was given. */

/** Resolves once the text is handed to the OS, so that the process may exit right after. */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
