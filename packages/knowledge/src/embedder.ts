/** Texts some embedding models want in front of a query or a document (nomic: `search_query: `). */
export interface TaskPrefixes {
  query: string;
  document: string;
}

/**
 * What the knowledge base needs from a model. The LLM runtime satisfies it; the knowledge base does not
 * depend on how or where the model runs.
 */
export interface Embedder {
  /** Names the model whose vectors are stored: vectors of another model are not comparable. */
  readonly embeddingModelId: string;
  embed(text: string): Promise<Float32Array>;
  /** From the models manifest; none when the model was trained without them. */
  readonly taskPrefixes?: TaskPrefixes;
}

export const embedDocument = (embedder: Embedder, text: string) => embedder.embed(`${embedder.taskPrefixes?.document ?? ''}${text}`);
export const embedQuery = (embedder: Embedder, text: string) => embedder.embed(`${embedder.taskPrefixes?.query ?? ''}${text}`);

/** An embedder that adds the manifest's task prefixes to another one (the runtime knows nothing of them). */
export function withTaskPrefixes(embedder: Omit<Embedder, 'taskPrefixes'>, taskPrefixes: TaskPrefixes | undefined): Embedder {
  return { embeddingModelId: embedder.embeddingModelId, embed: (text) => embedder.embed(text), taskPrefixes };
}
