// Two runs of the same chain at once (a double click, the tree and the status bar) share one run and so one
// set of prompts. State lives in the instance, owned by whoever creates it.
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const p = (async () => work())().finally(() => {
      if (this.inFlight.get(key) === p) this.inFlight.delete(key);
    });
    this.inFlight.set(key, p);
    return p;
  }

  isRunning(key: string): boolean {
    return this.inFlight.has(key);
  }
}
