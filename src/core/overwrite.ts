// What to do when a transfer finds its target already there, asked one question at a time. Uploads ask about an
// existing object, downloads about an existing local file; both answer with the same four choices.

/** Overwrite this one, keep it (Skip), overwrite it and every later one without asking, or stop the batch. */
export type OverwriteDecision = 'overwrite' | 'skip' | 'overwrite-all' | 'cancel';

/**
 * Serialises the questions of a batch that transfers several files at once, and remembers *Overwrite All*.
 * Without a `decide` function nothing is ever replaced: every answer is 'skip'.
 */
export class OverwriteQuestions {
  private queue: Promise<unknown> = Promise.resolve();
  private all = false;

  constructor(private readonly decide: ((target: string) => Promise<OverwriteDecision>) | undefined) {}

  /** True once *Overwrite All* was chosen: every later answer is 'overwrite' without a question. */
  get allChosen(): boolean {
    return this.all;
  }

  ask(target: string): Promise<OverwriteDecision> {
    const answer = this.queue.then(async (): Promise<OverwriteDecision> => {
      if (this.all) return 'overwrite';
      if (!this.decide) return 'skip';
      const decision = await this.decide(target);
      if (decision === 'overwrite-all') this.all = true;
      return decision;
    });
    this.queue = answer.catch(() => undefined);
    return answer;
  }
}
