/**
 * Server-sent events as OpenAI-compatible servers stream them: `data: <json>` lines, events
 * separated by a blank line, `data: [DONE]` at the end. Chunks from the network split lines
 * anywhere, so the parser keeps the unfinished tail between pushes.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];

  /** Returns the data of every event completed by this chunk. */
  push(chunk: string): string[] {
    this.buffer += chunk;
    const events: string[] = [];
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line === '') {
        if (this.data.length) events.push(this.data.join('\n'));
        this.data = [];
      } else if (line.startsWith('data:')) {
        this.data.push(line.slice(5).replace(/^ /, ''));
      } // comments (":keep-alive"), event:, id: and retry: lines carry nothing we use
    }
    return events;
  }

  /** The last event, when the stream ends without a blank line. */
  end(): string[] {
    const rest = this.push('\n\n');
    return rest;
  }
}
